extension PeopleDetector {
    /// Stands for what this detector finds, so that what an earlier build of reader detected (the
    /// people summaries in the catalog cache) is reused only by a detector that finds the same:
    /// a checksum of the span model's weights and thresholds and of what it finds in a probe text
    /// that exercises its rules and lexicon. A change the probe does not reach goes unnoticed:
    /// `CatalogCache.version` is there for that.
    public static let fingerprint: UInt64 = {
        var w = BinaryWriter()
        w.string(SpanModelData.weights)
        for threshold in [SpanModelData.dropBelow, SpanModelData.promoteAbove, SpanModelData.dropUncertainBelow] {
            w.u32(threshold.bitPattern)
        }
        w.raw(PeopleIndex.Summary.serialize([PeopleIndex.Summary(detect(ArticleText(fingerprintProbe)))]))
        return checksum64(w.bytes)
    }()

    static let fingerprintProbe = """
        President Vladimir Putin met Defense Minister Sergei Shoigu in Rostov-on-Don on Monday. Putin’s \
        spokesman, Dmitry Peskov, said Yevgeny Prigozhin had left; Evgeny Prigozhin's fighters, the Wagner \
        group, stayed. Lt. Col. Maria van der Berg and Congresswoman Ana de la Cruz wrote to Lenin's heirs. \
        "Will Zhang resign?" asked Li Zhang. Vladmir Putin, General Kornilov and Trotsky were named on Stalinist \
        posters along Gorky Street. Ferreira left early. Gabriel García Márquez and García Márquez's novels. \
        Dr. O'Brien, Mr. Smith-Jones and Sheikh Mohammed bin Rashid al-Maktoum spoke at the Carnegie Foundation.
        """
}
