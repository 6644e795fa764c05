import Core
import Fluent
import Foundation

final class AddressRecord: Model, @unchecked Sendable {
    static let schema = "address_objects"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "kind") var kind: String
    @Field(key: "name") var name: String
    @Field(key: "lat") var lat: Double
    @Field(key: "lon") var lon: Double
    @Field(key: "house_number") var houseNumber: String
    @Field(key: "alley") var alley: String
    @Field(key: "street") var street: String
    @Field(key: "hamlet") var hamlet: String
    @Field(key: "commune") var commune: String
    @Field(key: "province") var province: String
    @Field(key: "commune_code") var communeCode: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    func update(from object: AddressObject, at now: Date) {
        code = object.code
        kind = object.kind.rawValue
        name = object.name
        lat = object.point.latitude
        lon = object.point.longitude
        houseNumber = object.address.houseNumber
        alley = object.address.alley
        street = object.address.street
        hamlet = object.address.hamlet
        commune = object.address.commune
        province = object.address.province
        communeCode = object.communeCode
        updatedAt = now
    }

    var object: AddressObject {
        AddressObject(
            code: code,
            kind: AddressObject.Kind(rawValue: kind) ?? .poi,
            name: name,
            point: GeoPoint(latitude: lat, longitude: lon),
            address: StructuredAddress(
                houseNumber: houseNumber,
                alley: alley,
                street: street,
                hamlet: hamlet,
                commune: commune,
                province: province
            ),
            communeCode: communeCode
        )
    }
}
