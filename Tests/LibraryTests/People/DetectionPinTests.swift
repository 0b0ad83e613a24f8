import Foundation
import Testing
@testable import Library

/// What the detector finds, pinned: every mention (span, kind, form, person number, keys, text)
/// of the gold articles, the seeds and a probe of unusual text, compared line for line with
/// `Pinned/detections.txt`. A change to how detection runs (its speed, its data structures)
/// must leave this file as it is; a change to what it decides shows here as a diff to review.
/// After such a deliberate change, write the file again and commit it with the change:
/// `PIN_DETECTIONS_WRITE=1 swift test --skip-build --filter DetectionPinTests`.
@Suite struct DetectionPinTests {
    static let pinFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Pinned").appendingPathComponent("detections.txt")

    /// Text that takes the detector's slower paths: accents written precomposed and with
    /// combining marks, other scripts, letters that fold to two (ß, ﬁ), title-case digraphs,
    /// fullwidth letters, every apostrophe and hyphen it reads inside words, no-break spaces,
    /// capitals-only headlines, a Title Case line, results lines, a sign-off.
    static let probe = """
        ÉLYSÉE TALKS: MACRON MEETS SCHOLZ AGAIN

        Paris, 4 June — President Emmanuel Macron met Chancellor Olaf Scholz; Macron\u{2019}s aide, \
        Zoe\u{0308} Ve\u{0301}ronique Dufau\u{0301}, and Dr.\u{00A0}Jürgen Weiß-Straße said Weiß would stay. \
        Ǆemal Ǉubić and ǅemal Ǉubić spoke; Ｍａｒｉａ Ｋｏｗａｌｓｋａ did not. İlker Başbuğ and Ilker Basbug \
        met Σωκράτης Παπαδόπουλος and Дмитрий Песков in 東京 with 李明. The ﬁnance minister Aleksandr Kuprin‐Ostrov \
        and Ivan Kuprin\u{2011}Ostrov waited; O\u{2019}Neill, O'Brien and Oʼdonnell left. Mr Smith\u{2019} dog barked.
        Jean-Baptiste Dupont-Aignan and Anne‐Sophie Mutter: Rostov-on-Don hosted them; Kovalenko, who spoke first, agreed.

        Results Of The Men\u{2019}s Final In Oslo Today

        1. Bjørn Dæhlie (Norway) 24.05
        2. Mika Myllylä (Finland) 24.31
        Dortmund 2 (Möller 30th, Riedle 89th) Schalke 1 (Thon 12th)
        Fred Quennell 72 70 73
        -- Huw Quennell, Oslo Newsroom +47 22 00 00
        """

    /// The pinned articles: name and text.
    static func articles() throws -> [(name: String, text: String)] {
        var out: [(String, String)] = []
        for folder in ["seeds", "own", "heldout1", "heldout2"] {
            out += try GoldTests.load(folder).map { ($0.name, $0.text) }
        }
        out.append(("probe", probe))
        out.append(("fingerprint-probe", PeopleDetector.fingerprintProbe))
        return out
    }

    /// One line per mention, in the order `detect` returns them.
    static func render(_ name: String, _ text: String) -> String {
        var out = ""
        for m in PeopleDetector.detect(ArticleText(text)) {
            out += "\(name)\t\(m.start)\t\(m.end)\t\(m.kind)\t\(m.form)\t\(m.local)\t\(m.surnameKey)\t\(m.givenKey)\t\(m.titled)\t\(m.text)\n"
        }
        return out
    }

    @Test func detectionsAreThePinnedOnes() throws {
        let articles = try Self.articles()
        #expect(articles.count >= 16)
        let actual = articles.map { Self.render($0.name, $0.text) }.joined()
        if ProcessInfo.processInfo.environment["PIN_DETECTIONS_WRITE"] == "1" {
            try FileManager.default.createDirectory(at: Self.pinFile.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: Self.pinFile)
        }
        let pinned = String(decoding: try Data(contentsOf: Self.pinFile), as: UTF8.self)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let p = pinned.split(separator: "\n", omittingEmptySubsequences: false)
        let firstDifference = (0..<min(a.count, p.count)).first { a[$0] != p[$0] } ?? min(a.count, p.count)
        #expect(actual == pinned, """
            detections differ from \(Self.pinFile.lastPathComponent) at line \(firstDifference + 1): \
            found \(firstDifference < a.count ? String(a[firstDifference]) : "(end)"), \
            pinned \(firstDifference < p.count ? String(p[firstDifference]) : "(end)"). \
            If the detector's decisions changed on purpose: PIN_DETECTIONS_WRITE=1 swift test --filter DetectionPinTests
            """)
    }

    /// The probe reaches the paths it is there for: folded letters, other scripts, both
    /// apostrophes and hyphens inside names.
    @Test func probeFindsItsNames() {
        let texts = Set(PeopleDetector.detect(ArticleText(Self.probe)).filter { $0.kind == .person }.map(\.text))
        for name in ["Emmanuel Macron", "Jürgen Weiß-Straße", "Bjørn Dæhlie", "Jean-Baptiste Dupont-Aignan"] {
            #expect(texts.contains(name), "\(name) not found in \(texts.sorted())")
        }
    }
}
