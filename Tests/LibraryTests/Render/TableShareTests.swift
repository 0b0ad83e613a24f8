import Testing
@testable import Library

/// How a table's columns share a width too narrow for them all.
@Suite struct TableShareTests {
    /// Columns wanting the same are told apart by their order, never by a `Set`'s order (which
    /// Swift seeds afresh in every process): the same table was laid out one way in one run and
    /// another way in the next (a line more or less at 80 cells).
    @Test func tiesGoToTheFirstColumnInEveryProcess() {
        // Three equal columns, 6 cells each and 2 left over: the first column takes them.
        #expect(TableWriter.share(20, natural: [30, 30, 30], minimum: [12, 12, 12]) == [8, 6, 6])
        // A column raised to its minimum takes from the widest; of equally wide ones, the first.
        #expect(TableWriter.share(30, natural: [10, 40, 40, 40], minimum: [10, 4, 4, 4]) == [10, 7, 6, 7])
    }
}
