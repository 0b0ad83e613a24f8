import Foundation
import Testing
import TestSupport
import Library

/// Issue 12, rough edge 11: what the command line says when asked for help or given a wrong
/// value or a misspelt subcommand; `--print-config`.
@Suite struct CommandLineUsageTests {
    func reader(_ args: [String], env extra: [String: String] = [:]) throws -> ProcessResult {
        let home = TempFolder("reader-home")
        return try runProcess(PackagePaths.reader, args, environment: isolatedEnvironment(home: home.path, extra: extra))
    }

    @Test func topLevelHelpShowsPathsAndReadingOptions() throws {
        let help = try reader(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: reader [PATH …] [--width N] [--spread] [--no-link-numbers] [--bookmarks FILE]"))
        for option in ["--width N", "--spread", "--bookmarks FILE", "--print-config"] {
            #expect(help.stdout.contains("\n  \(option) "), "\(option)")
        }
        // Every kind of file read is named (it said ".txt, .md and .html").
        #expect(help.stdout.replacingOccurrences(of: "\n", with: " ").contains(".txt, .md, .markdown, .html and .htm"), "\(help.stdout)")
        let open = try reader(["open", "--help"])
        #expect(open.stdout.contains("--width <N>"))
        // The default is said once (it was "(default 80). (default: 80)").
        let options = try #require(open.stdout.range(of: "OPTIONS:"))
        let width = open.stdout[options.upperBound...].components(separatedBy: "--spread")[0]
        #expect(width.components(separatedBy: "default").count == 2, "\(width)")
    }

    @Test func aWidthThatIsNotPositiveSaysSo() throws {
        for value in ["-3", "0"] {
            let r = try reader(["--width", value, PackagePaths.seeds])
            #expect(r.status == 2)
            #expect(r.stderr.contains("--width \(value): the width must be a positive number of cells (10 to 1000)"), "\(r.stderr)")
            #expect(!r.stderr.contains("Missing value"))
        }
        let big = try reader(["--width", "5000", PackagePaths.seeds])
        #expect(big.status == 2)
        #expect(big.stderr.contains("--width 5000: the width must be from 10 to 1000 cells"))
    }

    @Test func aMisspeltSubcommandIsNamed() throws {
        let r = try reader(["lst"])
        #expect(r.status == 2)
        #expect(r.stderr == "reader: lst: no such file or folder (did you mean 'reader list'?)\n")
        let search = try reader(["serch", "putin"])
        #expect(search.stderr.contains("did you mean 'reader search'?"))
        // A word far from every subcommand, or an existing path, is read as a path as before.
        let far = try reader(["zzzzzz"])
        #expect(!far.stderr.contains("did you mean"))
        let dir = TempFolder()
        dir.write("lst/a.txt", "A\n\nText.\n")
        let path = try runProcess(PackagePaths.reader, ["lst"], environment: isolatedEnvironment(home: TempFolder().path),
                                  currentDirectory: dir.path)
        #expect(!path.stderr.contains("did you mean"))
        #expect(path.stderr.contains("standard output is not a terminal"))
    }

    @Test func printConfigPrintsAValidDefaultFile() throws {
        let r = try reader(["--print-config"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("# reader settings"))
        #expect(r.stdout.contains("\nwidth = 80\n"))
        #expect(r.stdout.contains("\n[keys]\n"))
        #expect(r.stdout.contains("#   sort: s (list)"))
    }
}
