import Foundation
import Testing

@testable import Catalog

@Suite("catalog explain-search")
struct SearchExplainTests {
    @Test func aSequentialScanOfCoursesIsFoundAndFailsTheSummary() {
        let sequential = SearchExplainCommand.finding(
            "browse",
            [
                "Limit  (cost=0.00..1.00 rows=21 width=8) (actual time=0.01..0.20 rows=21 loops=1)",
                "  ->  Sort  (cost=0.00..1.00 rows=21 width=8) (actual time=0.01..0.20 rows=21 loops=1)",
                "        ->  Parallel Seq Scan on courses c  (cost=0.00..1.00 rows=900 width=8)",
                "Execution Time: 12.345 ms",
            ])
        #expect(sequential.readsCoursesSequentially)
        #expect(sequential.milliseconds == 12.345)
        #expect(sequential.scans == ["Parallel Seq Scan on courses c"])
        let indexed = SearchExplainCommand.finding(
            "q=python",
            [
                "Limit  (cost=0.00..1.00 rows=21 width=8)",
                "  ->  Bitmap Heap Scan on courses c  (cost=0.00..1.00 rows=21 width=8)",
                "        ->  Bitmap Index Scan on courses_search  (cost=0.00..1.00 rows=21 width=0)",
                "  ->  Seq Scan on categories cat  (cost=0.00..1.00 rows=20 width=8)",
                "Execution Time: 0.500 ms",
            ])
        #expect(!indexed.readsCoursesSequentially)
        #expect(indexed.scans.count == 3)
        let summary = SearchExplainCommand.summary([sequential, indexed])
        #expect(summary.contains("1 of 2 queries scan courses sequentially"))
        #expect(SearchExplainCommand.summary([indexed]).contains("no shape scans courses sequentially"))
    }
}
