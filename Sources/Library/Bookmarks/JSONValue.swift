/// A JSON document kept exactly as far as meaning goes: object keys in their order, numbers as
/// their literal text. Used for the bookmarks file so that fields this version does not know
/// about survive a rewrite.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's literal text (validated JSON number grammar), so nothing is rounded.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in file order. Duplicate keys are kept; lookups take the last one.
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public static func int(_ n: Int) -> JSONValue { .number(String(n)) }

    // MARK: Reading values

    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last(where: { $0.0 == key })?.1
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// An integer, when the number is one (no fraction or exponent, within range).
    public var intValue: Int? {
        if case .number(let s) = self { return Int(s) }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var objectValue: [(String, JSONValue)]? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// `known` members first, in the order given, then the members of `original` this version
    /// does not know about, in their original order. Where both have an object under the same
    /// key, the two are combined the same way, so unknown fields nested in known ones survive.
    public static func merging(_ known: [(String, JSONValue)], over original: JSONValue?) -> JSONValue {
        guard let old = original?.objectValue else { return .object(known) }
        var out: [(String, JSONValue)] = []
        var names = Set<String>()
        for (key, value) in known {
            names.insert(key)
            if case .object(let fields) = value, let previous = original?[key], previous.objectValue != nil {
                out.append((key, merging(fields, over: previous)))
            } else {
                out.append((key, value))
            }
        }
        for (key, value) in old where !names.contains(key) { out.append((key, value)) }
        return .object(out)
    }

    // MARK: Writing

    /// JSON text. Strings are escaped with `JSON.string`, so nothing in them can act on a
    /// terminal. `pretty` indents by two spaces, one member or element a line.
    public func serialized(pretty: Bool = true) -> String {
        var out = ""
        write(into: &out, pretty: pretty, indent: 0)
        return out
    }

    private func write(into out: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): out += JSON.string(s)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                if pretty { newline(&out, indent + 1) }
                item.write(into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { newline(&out, indent) }
            out += "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out += "," }
                if pretty { newline(&out, indent + 1) }
                out += JSON.string(key)
                out += pretty ? ": " : ":"
                value.write(into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { newline(&out, indent) }
            out += "}"
        }
    }

    private func newline(_ out: inout String, _ indent: Int) {
        out += "\n"
        out += String(repeating: "  ", count: indent)
    }

    // MARK: Parsing

    /// Why a text is not JSON, with the place (1-based line, and column in characters).
    public struct ParseError: Error, Equatable, CustomStringConvertible, Sendable {
        public var line: Int
        public var column: Int
        public var problem: String
        public var description: String { "line \(line), column \(column): \(problem)" }
    }

    /// Parses JSON text (RFC 8259; a leading byte-order mark is allowed). Nesting deeper than
    /// `maxDepth` is refused rather than risking the stack.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = 256) throws(ParseError) -> JSONValue {
        var parser = Parser(bytes: bytes, maxDepth: maxDepth)
        return try parser.document()
    }

    public static func parse(_ text: String) throws(ParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }
}

private struct Parser {
    let bytes: [UInt8]
    let maxDepth: Int
    var i = 0

    init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    mutating func document() throws(JSONValue.ParseError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        skipSpace()
        if i >= bytes.count { throw fail("the file is empty (no JSON value)") }
        let value = try parseValue(depth: 0)
        skipSpace()
        if i < bytes.count { throw fail("unexpected text after the end of the JSON value") }
        return value
    }

    /// An error at the current byte: line and column (columns count characters, not bytes).
    func fail(_ problem: String, at position: Int? = nil) -> JSONValue.ParseError {
        let end = min(position ?? i, bytes.count)
        var line = 1
        var column = 1
        var k = 0
        while k < end {
            let b = bytes[k]
            if b == 0x0A {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
            k += 1
        }
        return JSONValue.ParseError(line: line, column: column, problem: problem)
    }

    mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    func describeHere() -> String {
        guard i < bytes.count else { return "the end of the file" }
        return Parser.describe(bytes[i])
    }

    /// A byte for a one-line message: a visible ASCII character quoted (`'x'`), any other byte
    /// (a newline, a control character, part of a UTF-8 sequence) by its value.
    static func describe(_ b: UInt8, after lead: String = "") -> String {
        if b >= 0x21 && b < 0x7F { return "'" + lead + String(Character(Unicode.Scalar(b))) + "'" }
        return (lead.isEmpty ? "" : "'" + lead + "' followed by ") + "byte 0x" + Sanitizer.hex(UInt32(b), digits: 2)
    }

    mutating func parseValue(depth: Int) throws(JSONValue.ParseError) -> JSONValue {
        guard depth < maxDepth else { throw fail("nested more than \(maxDepth) levels deep") }
        guard i < bytes.count else { throw fail("unexpected end of the file, a value was expected") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw fail("expected a value, found \(describeHere())")
        }
    }

    mutating func literal(_ word: String) throws(JSONValue.ParseError) {
        let w = Array(word.utf8)
        guard i + w.count <= bytes.count, Array(bytes[i..<(i + w.count)]) == w else {
            throw fail("expected a value, found \(describeHere())")
        }
        i += w.count
    }

    mutating func parseObject(depth: Int) throws(JSONValue.ParseError) -> JSONValue {
        i += 1
        var members: [(String, JSONValue)] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
                throw fail("expected a quoted member name, found \(describeHere())")
            }
            let key = try parseString()
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':' after a member name, found \(describeHere())") }
            i += 1
            skipSpace()
            members.append((key, try parseValue(depth: depth + 1)))
            skipSpace()
            guard i < bytes.count else { throw fail("unexpected end of the file inside an object (missing '}')") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
            throw fail("expected ',' or '}' in an object, found \(describeHere())")
        }
    }

    mutating func parseArray(depth: Int) throws(JSONValue.ParseError) -> JSONValue {
        i += 1
        var items: [JSONValue] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
        while true {
            skipSpace()
            items.append(try parseValue(depth: depth + 1))
            skipSpace()
            guard i < bytes.count else { throw fail("unexpected end of the file inside an array (missing ']')") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            throw fail("expected ',' or ']' in an array, found \(describeHere())")
        }
    }

    mutating func parseNumber() throws(JSONValue.ParseError) -> JSONValue {
        let start = i
        func digits(_ p: inout Parser) -> Int {
            let s = p.i
            while p.i < p.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(p.bytes[p.i]) { p.i += 1 }
            return p.i - s
        }
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: "0") {
            i += 1
        } else if digits(&self) == 0 {
            throw fail("malformed number")
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            if digits(&self) == 0 { throw fail("malformed number (no digits after '.')") }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            if digits(&self) == 0 { throw fail("malformed number (no digits in the exponent)") }
        }
        return .number(String(decoding: bytes[start..<i], as: UTF8.self))
    }

    mutating func hex4() throws(JSONValue.ParseError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw fail("unexpected end of the file in a \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw fail("bad \\u escape (four hex digits expected)")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    mutating func parseString() throws(JSONValue.ParseError) -> String {
        let open = i
        i += 1
        var out = String.UnicodeScalarView()
        var runStart = i
        func flush(_ p: Parser, _ out: inout String.UnicodeScalarView, upTo end: Int) throws(JSONValue.ParseError) {
            guard runStart < end else { return }
            var ok = true
            p.bytes.withUnsafeBufferPointer { buffer in
                UTF8Decoder.decode(UnsafeBufferPointer(rebasing: buffer[runStart..<end])) { scalar, bad in
                    if bad != nil { ok = false }
                    out.append(scalar)
                }
            }
            if !ok { throw p.fail("invalid UTF-8 in a string", at: runStart) }
        }
        while true {
            guard i < bytes.count else { throw fail("unterminated string (it starts here)", at: open) }
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                try flush(self, &out, upTo: i)
                i += 1
                return String(out)
            }
            if b < 0x20 { throw fail("control character (byte 0x\(Sanitizer.hex(UInt32(b), digits: 2))) inside a string; it must be escaped") }
            if b != UInt8(ascii: "\\") { i += 1; continue }
            try flush(self, &out, upTo: i)
            i += 1
            guard i < bytes.count else { throw fail("unterminated string (it starts here)", at: open) }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): out.append("\"")
            case UInt8(ascii: "\\"): out.append("\\")
            case UInt8(ascii: "/"): out.append("/")
            case UInt8(ascii: "b"): out.append(Unicode.Scalar(8))
            case UInt8(ascii: "f"): out.append(Unicode.Scalar(12))
            case UInt8(ascii: "n"): out.append("\n")
            case UInt8(ascii: "r"): out.append("\r")
            case UInt8(ascii: "t"): out.append("\t")
            case UInt8(ascii: "u"):
                var v = try hex4()
                if (0xD800...0xDBFF).contains(v), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                    let save = i
                    i += 2
                    let low = try hex4()
                    if (0xDC00...0xDFFF).contains(low) {
                        v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        i = save
                    }
                }
                // A lone surrogate cannot be held in a string: it becomes U+FFFD.
                out.append(Unicode.Scalar(v) ?? Unicode.Scalar(0xFFFD)!)
            default:
                i -= 1
                throw fail("unknown escape \(Parser.describe(e, after: "\\")) in a string")
            }
            runStart = i
        }
    }
}
