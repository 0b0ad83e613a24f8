// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "reader",
    products: [
        .executable(name: "reader", targets: ["Reader"]),
        // Developer tools: benchmarks, the synthetic corpus, testing aids (README: Benchmarks).
        .executable(name: "reader-bench", targets: ["ReaderBench"]),
        .executable(name: "reader-fuzz", targets: ["Fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // The settings file (`config.toml`): a maintained TOML parser (toml++ underneath).
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
    ],
    targets: [
        // ncursesw, through a module map and a header-only shim for the macros Swift cannot import.
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses"),
        // The C library's character widths (wcwidth under a UTF-8 locale): what ncursesw draws with.
        .target(name: "CWidth"),
        // cmark-gfm, GitHub's CommonMark parser (tables, strikethrough, autolinks), for Markdown articles.
        .systemLibrary(name: "CCmark", path: "Sources/CCmark"),
        // libxml2's HTML parser, for saved web pages (`pkg-config libxml-2.0` gives its include folder).
        .systemLibrary(name: "CXML2", path: "Sources/CXML2", pkgConfig: "libxml-2.0",
                       providers: [.apt(["libxml2-dev"])]),
        // All text logic: loading, layout, search, people, bookmarks, rendering. No terminal code.
        .target(name: "Library", dependencies: ["CWidth", "CCmark", "CXML2"]),
        // The app: state, actions, keys, screens, the terminal adapter and the loop.
        .target(name: "ReaderUI", dependencies: ["Library", "CNcurses", .product(name: "TOMLKit", package: "TOMLKit")]),
        // The `reader` executable: the command line only.
        .executableTarget(
            name: "Reader",
            dependencies: [
                "ReaderUI", "Library",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The `reader-bench` developer executable: benchmarks, `generate`, testing aids.
        .executableTarget(
            name: "ReaderBench",
            dependencies: [
                "ReaderUI", "Library",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libFuzzer targets over Library, one executable that picks its target from FUZZ_TARGET
        // (`.ci/fuzz`, README "Fuzzing"). Depends on Library only; built for fuzzing with
        // `--sanitize fuzzer -Xswiftc -sanitize=fuzzer,address`; otherwise it builds and does nothing.
        .executableTarget(name: "Fuzz", dependencies: ["Library"]),
        // Trains the people detector's span model on CoNLL-2003 articles (tools/people-train/main.swift).
        .executableTarget(name: "people-train", dependencies: ["Library"], path: "tools/people-train"),
        // Helpers shared by the test targets: temporary folders, article builders, tmux driver.
        .target(name: "TestSupport", dependencies: ["Library"], path: "Tests/TestSupport"),
        // The reader's screen driver (keys in, the drawn screen out, file reads carried out) and
        // the helpers the screen tests share.
        .target(name: "ReaderTestSupport", dependencies: ["ReaderUI", "Library", "TestSupport"], path: "Tests/ReaderTestSupport"),
        .testTarget(name: "LibraryTests", dependencies: ["Library", "TestSupport"], exclude: ["People/Gold", "People/Pinned"]),
        .testTarget(name: "ReaderTests", dependencies: ["ReaderUI", "Library", "TestSupport", "ReaderTestSupport"]),
        .testTarget(name: "ReaderBenchTests", dependencies: ["ReaderBench", "TestSupport"]),
    ]
)
