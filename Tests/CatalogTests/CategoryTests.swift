import Contracts
import Foundation
import Postgres
import Testing

@testable import Catalog

@Suite("Categories: admin changes, public list and pages")
struct CategoryTests {
    @Test func onlyAdminsCreateCategoriesAndNamesAndSlugsAreUnique() async throws {
        try await CatalogHarness.with { h in
            let admin = try h.adminToken()
            #expect(await h.send(.post, "/v1/categories", json: ["name": "Design"]).status == 401)
            let student = try h.token(UUID(), role: .student)
            #expect(await h.send(.post, "/v1/categories", json: ["name": "Design"], token: student).status == 403)
            let created = await h.send(
                .post, "/v1/categories", json: ["name": "  Web Développement ", "description": "Sites"], token: admin)
            #expect(created.status == 201)
            #expect(created["name"] as? String == "Web Développement")
            #expect(created["slug"] as? String == "web-developpement")
            #expect(created["courseCount"] as? Int == 0)
            let sameName = await h.send(
                .post, "/v1/categories", json: ["name": "web développement", "slug": "other"], token: admin)
            #expect(sameName.status == 409)
            #expect(sameName.code == "categoryNameTaken")
            let sameSlug = await h.send(
                .post, "/v1/categories", json: ["name": "Web", "slug": "web-developpement"], token: admin)
            #expect(sameSlug.status == 409)
            #expect(sameSlug.code == "categorySlugTaken")
            let count = try await h.pool.query("SELECT count(*) FROM categories")
            #expect(try count[0].decode(Int.self, at: 0) == 1)
        }
    }

    @Test func badCategoryInputListsEveryFieldAndChangesNothing() async throws {
        try await CatalogHarness.with { h in
            let reply = await h.send(
                .post, "/v1/categories",
                json: ["name": " ", "slug": "Not A Slug", "description": String(repeating: "x", count: 501), "x": 1],
                token: try h.adminToken())
            #expect(reply.status == 400)
            #expect(Set(CatalogHarness.fields(reply)) == ["name", "slug", "description", "x"])
            let count = try await h.pool.query("SELECT count(*) FROM categories")
            #expect(try count[0].decode(Int.self, at: 0) == 0)
        }
    }

    @Test func adminsChangeCategoriesByIdOrSlug() async throws {
        try await CatalogHarness.with { h in
            let admin = try h.adminToken()
            let id = try await h.category("Design")
            _ = try await h.category("Music")
            let renamed = await h.send(
                .patch, "/v1/categories/design", json: ["name": "Visual Design", "slug": "visual-design"], token: admin)
            #expect(renamed.status == 200)
            #expect(renamed["id"] as? String == id)
            #expect(renamed["slug"] as? String == "visual-design")
            let taken = await h.send(.patch, "/v1/categories/\(id)", json: ["slug": "music"], token: admin)
            #expect(taken.code == "categorySlugTaken")
            #expect(await h.send(.patch, "/v1/categories/nothing", json: ["name": "X"], token: admin).status == 404)
            let instructor = try h.token(UUID(), role: .instructor)
            #expect(await h.send(.patch, "/v1/categories/\(id)", json: ["name": "X"], token: instructor).status == 403)
            #expect(await h.send(.get, "/v1/categories/visual-design").status == 200)
        }
    }

    @Test func aCategoryInUseCannotBeDeletedUntilItsCoursesMove() async throws {
        try await CatalogHarness.with { h in
            let admin = try h.adminToken()
            let (_, owner) = try await h.instructorToken()
            let category = try await h.category("Design")
            let course = try await h.draft(owner, ["title": "Colour", "categoryId": category])
            let refused = await h.send(.delete, "/v1/categories/\(category)", token: admin)
            #expect(refused.status == 409)
            #expect(refused.code == "categoryInUse")
            #expect(await h.send(.get, "/v1/categories/\(category)").status == 200)
            let moved = await h.send(
                .patch, "/v1/courses/\(course)", json: ["categoryId": NSNull()], token: owner,
                headers: ["If-Match": "\"1\""])
            #expect(moved.status == 200)
            #expect(await h.send(.delete, "/v1/categories/\(category)", token: admin).status == 204)
            #expect(await h.send(.get, "/v1/categories/\(category)").status == 404)
            #expect(await h.send(.delete, "/v1/categories/\(category)", token: admin).status == 404)
        }
    }

    @Test func theListCountsOnlyPublishedPublicCoursesAndPages() async throws {
        try await CatalogHarness.with { h in
            let (_, owner) = try await h.instructorToken()
            let published = try await h.publishedCourse(owner)
            let rows = try await h.pool.query(
                "SELECT category_id FROM courses WHERE id = \(UUID(uuidString: published)!)")
            let category = try rows[0].decode(UUID.self, at: 0).uuidString.lowercased()
            _ = try await h.draft(owner, ["title": "Draft", "categoryId": category])
            let hidden = try await h.publishedCourse(owner, title: "Hidden")
            let version = try await h.version(hidden)
            _ = await h.send(
                .patch, "/v1/courses/\(hidden)", json: ["isPublic": false, "categoryId": category], token: owner,
                headers: ["If-Match": "\"\(version)\""])
            let list = await h.send(.get, "/v1/categories")
            let counts = Dictionary(
                uniqueKeysWithValues: list.items.map { ($0["id"] as! String, $0["courseCount"] as! Int) })
            #expect(counts[category] == 1)
            #expect(counts.count == 2)
            let first = await h.send(.get, "/v1/categories?limit=1")
            #expect(first.items.count == 1)
            let cursor = try #require(first["nextCursor"] as? String)
            let second = await h.send(.get, "/v1/categories?limit=1&cursor=\(cursor)")
            #expect(second.items.count == 1)
            #expect(second.items[0]["id"] as? String != first.items[0]["id"] as? String)
            #expect(second["nextCursor"] is NSNull)
            #expect(await h.send(.get, "/v1/categories?limit=0").status == 400)
        }
    }

    @Test func aCategoryPageListsNewestCoursesTheMostPopularAndTheOthers() async throws {
        try await CatalogHarness.with { h in
            let (_, owner) = try await h.instructorToken()
            let admin = try h.adminToken()
            let category = try await h.category("Design", slug: "design")
            let other = try await h.category("Music")
            var courses: [String] = []
            for (index, title) in ["One", "Two", "Three"].enumerated() {
                let course = try await h.draft(owner, ["title": title, "categoryId": category, "price": 100])
                let section = try await h.section(course, owner)
                _ = try await h.lesson(course, section: section, owner)
                #expect(await h.send(.post, "/v1/courses/\(course)/submit", token: owner).status == 200)
                #expect(await h.send(.post, "/v1/courses/\(course)/approve", token: admin).status == 200)
                try await h.deliver(
                    EventTopic.courseStats,
                    CourseStats(
                        courseId: course, enrollmentCount: [5, 9, 5][index], ratingAverage: [4.0, 3.0, 4.5][index],
                        ratingCount: 2, version: 1))
                courses.append(course)
            }
            _ = try await h.draft(owner, ["title": "Unpublished", "categoryId": category])
            let page = await h.send(.get, "/v1/categories/design?limit=2")
            #expect(page.status == 200)
            let info = try #require(page["category"] as? [String: Any])
            #expect(info["courseCount"] as? Int == 3)
            let listed = try #require(page["courses"] as? [String: Any])
            let items = try #require(listed["items"] as? [[String: Any]])
            #expect(items.map { $0["id"] as? String } == [courses[2], courses[1]])
            let cursor = try #require(listed["nextCursor"] as? String)
            let next = await h.send(.get, "/v1/categories/\(category)?limit=2&cursor=\(cursor)")
            let rest = try #require((next["courses"] as? [String: Any])?["items"] as? [[String: Any]])
            #expect(rest.map { $0["id"] as? String } == [courses[0]])
            let popular = try #require(page["popular"] as? [[String: Any]])
            #expect(popular.map { $0["id"] as? String } == [courses[1], courses[2], courses[0]])
            let others = try #require(page["otherCategories"] as? [[String: Any]])
            #expect(others.map { $0["id"] as? String } == [other])
            #expect(await h.send(.get, "/v1/categories/no-such-category").status == 404)
        }
    }
}
