import Testing

@testable import HTTP

/// Feeds `text` to a fresh parser `step` bytes at a time and collects every event up to the first failure.
func parseEvents(_ text: String, step: Int? = nil, limits: RequestParser.Limits = .init()) -> [RequestParser.Event] {
    var parser = RequestParser(limits: limits)
    var events: [RequestParser.Event] = []
    let bytes = Array(text.utf8)
    let size = step ?? max(bytes.count, 1)
    var offset = 0
    while offset < bytes.count {
        parser.append(Array(bytes[offset..<min(offset + size, bytes.count)]))
        offset += size
        while true {
            let event = parser.next()
            if event == .needMoreData { break }
            events.append(event)
            if case .failed = event { return events }
        }
    }
    return events
}

/// The events for `text` fed at once, after checking that byte-by-byte feeding gives the same ones.
func parsedConsistently(
    _ text: String, limits: RequestParser.Limits = .init(), sourceLocation: SourceLocation = #_sourceLocation
) -> [RequestParser.Event] {
    let whole = parseEvents(text, limits: limits)
    let byByte = parseEvents(text, step: 1, limits: limits)
    #expect(whole == byByte, "whole and byte-by-byte parses differ", sourceLocation: sourceLocation)
    return whole
}

/// The failure `text` produces, or `nil` if it parses.
func parseFailure(_ text: String, limits: RequestParser.Limits = .init()) -> HTTPParseError? {
    if case .failed(let error)? = parsedConsistently(text, limits: limits).last { return error }
    return nil
}

@Suite struct RequestParserTests {
    @Test func parsesASimpleGet() throws {
        let events = parsedConsistently("GET /courses?limit=2 HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n")
        #expect(events.count == 2)
        guard case .head(let head) = events[0] else { Issue.record("no head"); return }
        #expect(head.method == .get)
        #expect(head.path == "/courses")
        #expect(head.query == "limit=2")
        #expect(head.version == .http1_1)
        #expect(head.headers["host"] == "example.com")
        #expect(head.isKeepAlive)
        #expect(head.framing == .none)
        #expect(events[1] == .end(body: [], trailers: [:]))
    }

    @Test func readsAContentLengthBody() {
        let events = parsedConsistently("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello")
        #expect(events.last == .end(body: Array("hello".utf8), trailers: [:]))
    }

    @Test func decodesChunkedBodiesWithExtensionsAndTrailers() {
        let text =
            "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value;flag\r\nhello\r\n6;q=\"a \\\"b\"\r\n world\r\n0\r\nChecksum: abc\r\n\r\n"
        let events = parsedConsistently(text)
        #expect(events.last == .end(body: Array("hello world".utf8), trailers: ["Checksum": "abc"]))
    }

    @Test func parsesPipelinedRequestsInOrder() {
        let one = "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
        let two = "POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi"
        let three = "GET /3 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
        let events = parsedConsistently(one + two + three)
        let targets = events.compactMap { event -> String? in
            if case .head(let head) = event { return head.target }
            return nil
        }
        #expect(targets == ["/1", "/2", "/3"])
        #expect(events.count == 6)
        guard case .head(let last) = events[4] else { Issue.record("no third head"); return }
        #expect(!last.isKeepAlive)
    }

    @Test func appliesHTTP10KeepAliveRules() {
        func keepAlive(_ text: String) -> Bool? {
            if case .head(let head)? = parsedConsistently(text).first { return head.isKeepAlive }
            return nil
        }
        #expect(keepAlive("GET / HTTP/1.0\r\n\r\n") == false)
        #expect(keepAlive("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") == true)
        #expect(keepAlive("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n") == false)
        #expect(keepAlive("GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, Upgrade\r\n\r\n") == true)
    }

    @Test func recognisesExpectContinue() {
        guard
            case .head(let head)? = parsedConsistently(
                "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc"
            ).first
        else { Issue.record("no head"); return }
        #expect(head.expectsContinue)
        #expect(parseFailure("POST / HTTP/1.1\r\nHost: a\r\nExpect: magic\r\n\r\n") == .unsupportedExpectation)
    }

    @Test func acceptsAbsoluteAndAsteriskForms() {
        guard case .head(let head)? = parsedConsistently("GET http://a.example/p?q=1 HTTP/1.1\r\nHost: a\r\n\r\n").first
        else { Issue.record("no head"); return }
        #expect(head.path == "/p")
        #expect(head.query == "q=1")
        #expect(parseFailure("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n") == nil)
        #expect(parseFailure("GET * HTTP/1.1\r\nHost: a\r\n\r\n") == .invalidTarget)
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\nHost: a\r\n\r\n", HTTPParseError.bareLineFeed),
        ("GET / HTTP/1.1\r\nHost: a\n\r\n", .bareLineFeed),
        ("GET / HTTP/1.1\r\nHost: a\r\n\n", .bareLineFeed),
        ("GET / HTTP/1.1\rHost: a\r\n\r\n", .bareCarriageReturn),
        ("GET / HTTP/1.1\r\nX: a\rb\r\nHost: a\r\n\r\n", .bareCarriageReturn),
        ("GET  / HTTP/1.1\r\nHost: a\r\n\r\n", .invalidRequestLine),
        ("GET /  HTTP/1.1\r\nHost: a\r\n\r\n", .invalidRequestLine),
        ("GET / HTTP/1.1 \r\nHost: a\r\n\r\n", .invalidRequestLine),
        (" GET / HTTP/1.1\r\nHost: a\r\n\r\n", .invalidRequestLine),
        ("GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n", .invalidMethod),
        ("G(T / HTTP/1.1\r\nHost: a\r\n\r\n", .invalidMethod),
        ("GET /a#b HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget),
        ("GET a HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget),
        ("GET / HTTP/1.x\r\nHost: a\r\n\r\n", .invalidVersion),
        ("GET / http/1.1\r\nHost: a\r\n\r\n", .invalidVersion),
        ("GET / HTTP/2.0\r\nHost: a\r\n\r\n", .unsupportedVersion),
        ("GET / HTTP/1.1\r\n\r\n", .missingHost),
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", .duplicateHost),
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", .duplicateHost),
        ("GET / HTTP/1.1\r\nHost: a b\r\n\r\n", .invalidHost),
        ("GET / HTTP/1.1\r\nHost : a\r\n\r\n", .invalidFieldName),
        ("GET / HTTP/1.1\r\nHost: a\r\nX-A\t: b\r\n\r\n", .invalidFieldName),
        ("GET / HTTP/1.1\r\nHost: a\r\n: b\r\n\r\n", .invalidFieldName),
        ("GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", .invalidFieldName),
        ("GET / HTTP/1.1\r\nHost: a\r\nX: a\u{01}b\r\n\r\n", .invalidFieldValue),
        ("GET / HTTP/1.1\r\nHost: a\r\nX: a\u{7F}\r\n\r\n", .invalidFieldValue),
        ("GET / HTTP/1.1\r\nHost: a\r\nX: a\u{00}\r\n\r\n", .invalidFieldValue),
        ("GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n", .obsoleteLineFolding),
        ("GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n\tb\r\n\r\n", .obsoleteLineFolding),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +1\r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x10\r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1 2\r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\n\r\nabc", .invalidContentLength),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", .duplicateContentLength),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", .duplicateContentLength),
        (
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            .contentLengthWithTransferEncoding
        ),
        (
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n",
            .contentLengthWithTransferEncoding
        ),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", .unsupportedTransferEncoding),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", .chunkedNotFinal),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, deflate\r\n\r\n", .chunkedNotFinal),
        (
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: deflate\r\n\r\n",
            .chunkedNotFinal
        ),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", .chunkedNotFinal),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n\r\n", .chunkedNotFinal),
        (
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n",
            .unsupportedTransferEncoding
        ),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", .invalidTransferEncoding),
        (
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
            .invalidTransferEncoding
        ),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip, chunked\r\n\r\n", .invalidTransferEncoding),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked,\r\n\r\n", .invalidTransferEncoding),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: \"chunked\"\r\n\r\n", .invalidTransferEncoding),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\n\r\n", .invalidTransferEncoding),
        ("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", .transferEncodingInHTTP10),
        (
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n",
            .invalidChunkSize
        ),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n+5\r\nhello\r\n0\r\n\r\n", .invalidChunkSize),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n", .invalidChunkSize),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n 5\r\nhello\r\n0\r\n\r\n", .invalidChunkSize),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5 \r\nhello\r\n0\r\n\r\n", .invalidChunkSize),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n\r\nhello\r\n0\r\n\r\n", .invalidChunkSize),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nz\r\n", .invalidChunkSize),
        (
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n",
            .invalidChunkSize
        ),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5; a=b\r\nhello\r\n", .invalidChunkExtension),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;\r\nhello\r\n", .invalidChunkExtension),
        (
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;a=\"b\r\nhello\r\n",
            .invalidChunkExtension
        ),
        (
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n",
            .invalidChunkTerminator
        ),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n", .bareLineFeed),
        (
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: a\r\n b\r\n\r\n",
            .obsoleteLineFolding
        ),
    ])
    func rejectsMalformedAndAmbiguousRequests(text: String, expected: HTTPParseError) {
        #expect(parseFailure(text) == expected)
    }

    @Test func mapsFailuresToTheirStatuses() {
        #expect(HTTPParseError.unsupportedTransferEncoding.status.code == 501)
        #expect(HTTPParseError.chunkedNotFinal.status.code == 400)
        #expect(HTTPParseError.invalidTransferEncoding.status.code == 400)
        #expect(HTTPParseError.requestLineTooLong.status.code == 414)
        #expect(HTTPParseError.headTooLarge.status.code == 431)
        #expect(HTTPParseError.bodyTooLarge.status.code == 413)
        #expect(HTTPParseError.bareLineFeed.status.code == 400)
        #expect(HTTPParseError.unsupportedVersion.status.code == 505)
    }

    @Test func enforcesSizeLimits() {
        let longTarget = "/" + String(repeating: "a", count: 9000)
        #expect(parseFailure("GET \(longTarget) HTTP/1.1\r\nHost: a\r\n\r\n") == .requestLineTooLong)
        #expect(parseFailure("GET \(longTarget)") == .requestLineTooLong)
        let longField = "X: " + String(repeating: "b", count: 9000)
        #expect(parseFailure("GET / HTTP/1.1\r\nHost: a\r\n\(longField)\r\n\r\n") == .headerLineTooLong)
        let field = "X: " + String(repeating: "b", count: 4000) + "\r\n"
        #expect(
            parseFailure("GET / HTTP/1.1\r\nHost: a\r\n" + String(repeating: field, count: 5) + "\r\n") == .headTooLarge
        )
        let many = (0..<101).map { "X\($0): y\r\n" }.joined()
        #expect(parseFailure("GET / HTTP/1.1\r\nHost: a\r\n\(many)\r\n") == .tooManyFields)
        let limits = RequestParser.Limits(maxBody: 4)
        #expect(
            parseFailure("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello", limits: limits)
                == .bodyTooLarge)
        #expect(
            parseFailure(
                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
                limits: limits) == .bodyTooLarge)
    }

    @Test func staysFailedAfterAnError() {
        var parser = RequestParser()
        parser.append(Array("GET / HTTP/1.1\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        #expect(parser.next() == .failed(.bareLineFeed))
        #expect(parser.next() == .failed(.bareLineFeed))
    }

    @Test func ignoresAnEmptyLineBeforeARequest() {
        let events = parsedConsistently("\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(events.count == 2)
    }

    @Test func decodesChunkSizeLines() {
        func size(_ text: String) -> Int? {
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBufferPointer { try? ChunkedBodyDecoder.parseSizeLine($0).get() }
        }
        #expect(size("1aF") == 0x1AF)
        #expect(size("0") == 0)
        #expect(size("a;x=y;z=\"q\"") == 10)
        #expect(size("") == nil)
        #expect(size("fffffffffffffff") == 0xFFF_FFFF_FFFF_FFFF)
        #expect(size("1000000000000000") == nil)
    }
}
