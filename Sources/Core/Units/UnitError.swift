/// Everything that can go wrong in the administrative-hierarchy module.
public enum UnitError: Error, Equatable, Sendable {
    case notFound(tree: AdminTree, code: String)
    case malformedDataFile(line: Int, reason: String)
    case unknownParent(code: String, parentCode: String)
    case duplicateCode(tree: AdminTree, code: String)
    case invalidAgency(field: String, issue: FieldIssue)
}
