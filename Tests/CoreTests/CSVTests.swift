import Core
import Testing

@Suite("CSV")
struct CSVTests {
    @Test("Quoted fields keep commas, doubled quotes and line breaks")
    func quoted() {
        let rows = CSV.parse("a,\"b, c\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",x,\n")
        #expect(rows == [["a", "b, c", "say \"hi\""], ["multi\nline", "x", ""]])
    }

    @Test("A byte-order mark is skipped and blank lines are ignored")
    func bomAndBlank() {
        #expect(CSV.parse("\u{FEFF}mã,tên\n\n01,Hà Nội") == [["mã", "tên"], ["01", "Hà Nội"]])
    }

    @Test("Writing then reading gives the same fields back")
    func roundTrip() {
        let rows = [["38", "Tỉnh Thanh Hóa", "a \"quoted\", word"], ["", "line\nbreak", "x"]]
        let text = CSV.document(header: ["code", "name", "note"], rows: rows)
        #expect(text.hasPrefix("\u{FEFF}code,name,note\r\n"))
        #expect(CSV.parse(text) == [["code", "name", "note"]] + rows)
    }
}
