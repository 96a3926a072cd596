import HTTP
import Testing

@testable import ServiceKit

@Suite struct QueryNamesTests {
    func problems(_ target: String, allowed: Set<String>) -> [String] {
        var errors = FieldErrors()
        Request(method: .get, target: target).checkQueryNames(allowed, errors: &errors)
        return errors.items.map { "\($0.field) \($0.message)" }
    }

    @Test func knownNamesEachGivenOncePass() {
        #expect(problems("/v1/things", allowed: ["limit"]).isEmpty)
        #expect(problems("/v1/things?limit=5&cursor=", allowed: ["limit", "cursor"]).isEmpty)
        #expect(problems("/v1/things?limit", allowed: ["limit"]).isEmpty)
    }

    @Test func unknownNamesAreNamedAsNotParameters() {
        #expect(
            problems("/v1/things?limt=5&limit=5", allowed: ["limit"]) == ["limt is not a parameter of this request"])
        #expect(problems("/v1/things?=5", allowed: ["limit"]) == [" is not a parameter of this request"])
    }

    @Test func aNameGivenAgainIsRefusedOnce() {
        #expect(problems("/v1/things?q=a&q=b", allowed: ["q"]) == ["q is given more than once"])
        #expect(problems("/v1/things?q=a&q=b&q=c", allowed: ["q"]).count == 2)
    }

    @Test func namesArePercentDecodedBeforeTheyAreChecked() {
        #expect(problems("/v1/things?%71=a&q=b", allowed: ["q"]) == ["q is given more than once"])
        #expect(problems("/v1/things?min+price=1", allowed: ["min price"]).isEmpty)
        #expect(problems("/v1/things?min%2", allowed: ["min"]) == ["min%2 is not a parameter of this request"])
    }
}
