import Foundation

/// The distillation methods this build knows, by `--method` name, for the CLI and `kdzoo list`.
public enum MethodCatalog {
    /// The family a method belongs to in the KD survey's terms.
    public enum Family: String, Sendable, CaseIterable {
        case response, feature, relation, online
        /// For sequence-to-sequence models.
        case sequence
    }

    /// One entry per method: its name, family, a one-line summary with its defaults (and the
    /// memory it holds, when not negligible), and how to build it.
    public struct Entry: Sendable {
        public let name: String
        public let family: Family
        public let summary: String
        let make: @Sendable (MethodOptions) throws -> DistillationMethod
    }

    public static let entries: [Entry] = [
        Entry(name: "kd", family: .response,
              summary: "Hinton et al. 2015: match the teacher's softened class probabilities (T=4, alpha=0.9)") {
            HintonDistillation(temperature: $0.temperature ?? 4, weight: $0.alpha ?? 0.9)
        },
        Entry(name: "dkd", family: .response,
              summary: "Zhao et al. 2022: decoupled target / non-target KD (alpha=1, beta=8, T=4, warm-up 1/12 of the run)") {
            DecoupledDistillation(targetWeight: $0.dkdAlpha ?? 1, nonTargetWeight: $0.dkdBeta ?? 8,
                                  temperature: $0.temperature ?? 4, warmupEpochs: $0.dkdWarmup)
        },
        Entry(name: "fitnet", family: .feature,
              summary: "Romero et al. 2015: regress a student stage onto a teacher stage with a conv+BN+ReLU regressor (--hint, weight 100)") {
            HintDistillation(weight: $0.fitnetWeight ?? 100, hint: try $0.hint.map { try TapSelection.parse($0, option: "hint") } ?? .middleStage)
        },
        Entry(name: "at", family: .feature,
              summary: "Zagoruyko & Komodakis 2017: match spatial attention maps (p=2) over the paired stages (weight 1000)") {
            AttentionTransfer(weight: $0.atWeight ?? 1000, taps: try taps($0, default: .allStages))
        },
        Entry(name: "nst", family: .feature,
              summary: "Huang & Wang 2017: MMD of channel distributions, polynomial kernel, over the paired stages (weight 50)") {
            NeuronSelectivityTransfer(weight: $0.nstWeight ?? 50, taps: try taps($0, default: .allStages))
        },
        Entry(name: "sp", family: .relation,
              summary: "Tung & Mori 2019: preserve the batch similarity (Gram) matrix of the last stage (weight 3000)") {
            SimilarityPreserving(weight: $0.spWeight ?? 3000, taps: try taps($0, default: .lastStage))
        },
        Entry(name: "rkd", family: .relation,
              summary: "Park et al. 2019: preserve embedding distances (25) and angles (50), smooth-L1") {
            RelationalDistillation(weight: $0.rkdWeight ?? 1, distanceWeight: $0.rkdDistanceWeight ?? 25,
                                   angleWeight: $0.rkdAngleWeight ?? 50, taps: try taps($0, default: .embedding))
        },
        Entry(name: "pkt", family: .relation,
              summary: "Passalis & Tefas 2018: match cosine-kernel conditional probabilities of embeddings (weight 30000)") {
            ProbabilisticKnowledgeTransfer(weight: $0.pktWeight ?? 30000, taps: try taps($0, default: .embedding))
        },
        Entry(name: "crd", family: .relation,
              summary: "Tian et al. 2020: contrast embeddings against memory banks, NCE with K=16384 negatives, d=128, tau=0.07 (weight 0.8); "
                + "banks hold 2 x samples x d floats: 61 MB for 60k samples (--crd-dimension, --crd-negatives)") {
            ContrastiveRepresentationDistillation(weight: $0.crdWeight ?? 0.8, featureDimension: $0.crdDimension ?? 128,
                                                  negatives: $0.crdNegatives ?? 16384, temperature: $0.crdTemperature ?? 0.07,
                                                  taps: try taps($0, default: .embedding))
        },
        Entry(name: "dml", family: .online,
              summary: "Zhang et al. 2018: deep mutual learning, students learn together (CE + mean KL to peers, T=1), no teacher") {
            MutualLearning(temperature: $0.temperature ?? 1)
        },
        Entry(name: "one", family: .online,
              summary: "Lan et al. 2018: on-the-fly native ensemble, 3 gated branches of the last stage teach each other (T=3), "
                + "no teacher; each extra branch copies the last stage and classifier (--one-branches)") {
            OnTheFlyNativeEnsemble(temperature: $0.temperature ?? 3, rampupEpochs: $0.oneRampup)
        },
        Entry(name: "word-kd", family: .sequence,
              summary: "Kim & Rush 2016: per-step KL to the teacher's next-token distribution under teacher forcing, padding masked (T=1, alpha=0.5)") {
            WordLevelDistillation(temperature: $0.temperature ?? 1, weight: $0.alpha ?? 0.5)
        },
        Entry(name: "seq-kd", family: .sequence,
              summary: "Kim & Rush 2016: train on the teacher's beam-search outputs, decoded once and cached (beam 5, --seq-kd-beam); "
                + "add word-kd for Seq-KD + Word-KD") {
            SequenceLevelDistillation(beamWidth: $0.seqKdBeam ?? 5)
        },
    ]

    /// The entry called `name`.
    public static func entry(_ name: String) -> Entry? { entries.first { $0.name == name } }

    /// The methods of a `--method` value: one name, or several joined by `+` (`kd+at`), whose
    /// weighted losses are summed. Each call builds new instances.
    public static func methods(_ text: String, options: MethodOptions) throws -> [DistillationMethod] {
        try options.validate()
        let names = text.lowercased().split(separator: "+", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.isEmpty, names.allSatisfy({ !$0.isEmpty }) else {
            throw TrainingError.invalidConfiguration("method: '\(text)' names no method; known: \(entries.map(\.name).joined(separator: ", "))")
        }
        guard Set(names).count == names.count else {
            throw TrainingError.invalidConfiguration("method: '\(text)' names a method twice")
        }
        return try names.map { name in
            guard let entry = entry(name) else {
                throw TrainingError.invalidConfiguration("method: unknown method '\(name)'; known: \(entries.map(\.name).joined(separator: ", "))")
            }
            return try entry.make(options)
        }
    }

    private static func taps(_ options: MethodOptions, default rule: TapSelection) throws -> TapSelection {
        try options.taps.map { try TapSelection.parse($0, option: "taps") } ?? rule
    }
}
