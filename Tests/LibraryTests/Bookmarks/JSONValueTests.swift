import Testing
import TestSupport
@testable import Library

@Suite struct JSONValueTests {
    @Test func parsesAndKeepsOrderAndNumbersExactly() throws {
        let text = #"{"z": 1, "a": [true, false, null, -0.5e10, 12345678901234567890], "m": {"é\u00e9": "x\ny\u0000\ud83d\ude00"}}"#
        let value = try JSONValue.parse(text)
        guard case .object(let members) = value else { Issue.record("not an object"); return }
        #expect(members.map(\.0) == ["z", "a", "m"])
        #expect(value["a"]?.arrayValue?[3] == .number("-0.5e10"))
        #expect(value["a"]?.arrayValue?[4] == .number("12345678901234567890"))
        #expect(value["m"]?["éé"]?.stringValue == "x\ny\u{0}😀")
        // Written and read again: the same value.
        #expect(try JSONValue.parse(value.serialized()) == value)
        #expect(try JSONValue.parse(value.serialized(pretty: false)) == value)
    }

    @Test func serializedStringsCannotActOnATerminal() throws {
        let value = JSONValue.object([("note", .string("a\u{1B}[31mred\u{202E}x\u{7}"))])
        let text = value.serialized()
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E || $0.value == 7 })
        #expect(try JSONValue.parse(text) == value)
    }

    @Test func errorsSayWhere() {
        func error(_ text: String) -> JSONValue.ParseError? {
            do { _ = try JSONValue.parse(text); return nil } catch { return error }
        }
        let e = error("{\n  \"a\": 1,\n  \"b\" 2\n}")
        #expect(e?.line == 3)
        #expect(e?.column == 7)
        #expect(e?.description.contains("expected ':'") == true)
        #expect(error("[1, 2")?.problem.contains("missing ']'") == true)
        #expect(error("")?.problem.contains("empty") == true)
        #expect(error("{\"a\": \"unterminated}")?.problem.contains("unterminated") == true)
        #expect(error("[1] x")?.problem.contains("after the end") == true)
        #expect(error("[01]") != nil)
        #expect(error("{\"a\": tru}") != nil)
        #expect(error("\"bad \\q escape\"") != nil)
        #expect(error("\"raw\ttab\"") != nil)
        #expect(error(String(repeating: "[", count: 100_000)) != nil)   // no stack overflow
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func randomStringsSurviveWritingAndReading() throws {
        var g = SystemRandomNumberGenerator()
        let ranges: [ClosedRange<UInt32>] = [0...0x7F, 0x80...0x9F, 0xA0...0x2FF, 0x200B...0x206F, 0xD7FF...0xD7FF,
                                             0xE000...0xFFFF, 0x1F300...0x1F64F, 0xE0000...0xE007F, 0x10FFFF...0x10FFFF]
        for _ in 0..<200 {
            var s = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0..<40, using: &g) {
                let r = ranges.randomElement(using: &g)!
                s.append(Unicode.Scalar(UInt32.random(in: r, using: &g))!)
            }
            let value = JSONValue.object([(String(s), .array([.string(String(s)), .int(Int.random(in: -9...9, using: &g))]))])
            let written = value.serialized(pretty: Bool.random(using: &g))
            #expect(try JSONValue.parse(written) == value)
            #expect(!written.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != " " })
        }
    }

    @Test func mergingKeepsUnknownMembersAfterKnownOnes() throws {
        let original = try JSONValue.parse(#"{"extra": 1, "id": "old", "inner": {"keep": true, "v": 1}}"#)
        let merged = JSONValue.merging([("id", .string("new")), ("inner", .object([("v", .int(2))]))], over: original)
        #expect(merged.serialized(pretty: false) == #"{"id":"new","inner":{"v":2,"keep":true},"extra":1}"#)
    }
}

@Suite struct TimestampTests {
    @Test func writesAndReadsISO8601() {
        let t = Timestamp(milliseconds: 1_700_000_000_123)
        #expect(t.iso8601 == "2023-11-14T22:13:20.123Z")
        #expect(Timestamp(iso8601: t.iso8601) == t)
        #expect(Timestamp(iso8601: "2023-11-14T23:13:20.123+01:00") == t)
        #expect(Timestamp(iso8601: "1970-01-01T00:00:00Z")?.milliseconds == 0)
        #expect(Timestamp(iso8601: "1969-12-31T23:59:59.5Z")?.milliseconds == -500)
        #expect(Timestamp(milliseconds: -500).iso8601 == "1969-12-31T23:59:59.500Z")
        #expect(Timestamp(iso8601: "2024-02-29T12:00:00Z")?.iso8601 == "2024-02-29T12:00:00.000Z")
        #expect(Timestamp(iso8601: "yesterday") == nil)
        #expect(Timestamp(iso8601: "2024-13-01T00:00:00Z") == nil)
        #expect(Timestamp(iso8601: "2024-01-01T00:00:00") == nil)
    }
}
