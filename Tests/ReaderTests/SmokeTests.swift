import Testing
@testable import Reader
import Library

@Test func listShowsTitles() {
    let corpus = Corpus(documents: [("a.txt", "First headline\n\nBody text here.")])
    let state = AppState(corpus: corpus, size: Size(rows: 10, columns: 60))
    let grid = Renderer.draw(state)
    #expect(grid.text.contains("First headline"))
}
