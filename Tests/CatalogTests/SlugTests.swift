import Foundation
import Testing

@testable import Catalog

@Suite("Slugs (no database)")
struct SlugTests {
    @Test func titlesFoldToLowerCaseASCIIWords() {
        #expect(Slug.make(from: "Crème Brûlée für Anfänger") == "creme-brulee-fur-anfanger")
        #expect(Slug.make(from: "  C++ & Swift: The -- Basics!  ") == "c-swift-the-basics")
        #expect(Slug.make(from: "Straße Ærø") == "strasse-aero")
        #expect(Slug.make(from: "Привет мир") == "privet-mir")
        #expect(Slug.make(from: "!!!") == "course")
    }

    @Test func longTitlesAreCutAtAWordBoundary() {
        let slug = Slug.make(from: String(repeating: "word ", count: 100))
        #expect(slug.count <= Slug.maximumBaseLength)
        #expect(slug.hasSuffix("word"))
        #expect(Slug.isValid(slug))
    }

    @Test func takenSlugsGetTheFirstFreeNumber() {
        #expect(Slug.unique("swift", taken: []) == "swift")
        #expect(Slug.unique("swift", taken: ["swift", "swift-2", "swift-4"]) == "swift-3")
    }

    @Test func slugsAreLowerCaseHyphenatedWordsThatCannotBeMistakenForIds() {
        #expect(Slug.isValid("swift-101"))
        for bad in ["", "Swift", "swift--101", "-swift", "swift-", "swift 101", "ünï", UUID().uuidString.lowercased()] {
            #expect(!Slug.isValid(bad), "\(bad)")
        }
        #expect(Slug.make(from: UUID().uuidString).hasSuffix("-course"))
    }

    @Test func slugsNeverShadowTheSearchRoutesBesideCourses() {
        #expect(!Slug.isValid("suggest"))
        #expect(!Slug.isValid("popular"))
        #expect(Slug.make(from: "Popular") == "popular-course")
        #expect(Slug.isValid("popular-music"))
    }
}
