import Foundation
import KDData
import KDLayers
import KDTensor

/// A training run's state after a whole epoch, in one HDF5 file written atomically: each
/// student's weights and buffers, its optimiser state, its methods' learnable parts, the
/// configuration and the per-epoch history.
///
/// Layout: root attributes `kind = kdzoo-checkpoint`, `completed_epochs`, `configuration`
/// (JSON), `history` (JSON), `students` (names); groups `students/<i>/state_dict`,
/// `students/<i>/optimizer` (attribute `step_count`) and `students/<i>/method<j>`.
///
/// Batch order and augmentation are pure functions of (seed, epoch, batch), so restoring this
/// state and continuing gives the same numbers as a run that was never interrupted.
enum Checkpoint {
    static let kind = "kdzoo-checkpoint"

    static func save(_ trainer: DistillationTrainer, completedEpochs: Int, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try HDF5File.writeAtomically(to: path) { file in
            let root = file.root
            try root.setAttribute("kind", kind)
            try root.setAttribute("completed_epochs", completedEpochs)
            try root.setAttribute("configuration", String(decoding: try encoder.encode(trainer.configuration), as: UTF8.self))
            try root.setAttribute("history", String(decoding: try encoder.encode(trainer.history), as: UTF8.self))
            try root.setAttribute("students", trainer.students.map(\.name))
            let students = try root.createGroup("students")
            for (i, student) in trainer.students.enumerated() {
                let group = try students.createGroup("\(i)")
                try write(student.network.stateDict(), to: try group.createGroup("state_dict"))
                if let state = student.optimizer?.exportState() {
                    let optimizer = try group.createGroup("optimizer")
                    try optimizer.setAttribute("step_count", state.stepCount)
                    try write(state.tensors.map { ($0.name, $0.tensor) }, to: optimizer)
                }
                for (j, module) in student.methodModules.enumerated() {
                    try write(module.stateDict(), to: try group.createGroup("method\(j)"))
                }
            }
        }
    }

    /// Checks that the file at `path` is a checkpoint of this very run (same students, same
    /// options) without loading it, so that a wrong `--resume` fails before any work is done.
    static func verify(_ path: String, belongsTo trainer: DistillationTrainer) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw TrainingError.checkpointMismatch(path: path, reason: "there is no such file")
        }
        let file = try HDF5File.open(path)
        defer { file.close() }
        let root = file.root
        func mismatch(_ reason: String) -> TrainingError { .checkpointMismatch(path: path, reason: reason) }
        guard root.hasAttribute("kind"), try root.attribute("kind", as: String.self) == kind else {
            throw mismatch("it is not a kdzoo checkpoint")
        }
        let names: [String] = try root.attribute("students")
        guard names == trainer.students.map(\.name) else {
            throw mismatch("it trains \(names.joined(separator: ", ")), this run trains \(trainer.students.map(\.name).joined(separator: ", "))")
        }
        let saved = try JSONDecoder().decode(TrainingConfiguration.self,
                                             from: Data(try root.attribute("configuration", as: String.self).utf8))
        guard saved == trainer.configuration else {
            throw mismatch("it was made with other training options (epochs, learning rate, seed, ...)")
        }
    }

    /// Loads the state saved at `path` into `trainer`; `verify(_:belongsTo:)` has checked
    /// beforehand that it belongs to the same run.
    static func restore(from path: String, into trainer: DistillationTrainer) throws
        -> (completedEpochs: Int, history: [EpochSummary]) {
        let file = try HDF5File.open(path)
        defer { file.close() }
        let root = file.root
        let completed: Int = try root.attribute("completed_epochs")
        let history = try JSONDecoder().decode([EpochSummary].self, from: Data(try root.attribute("history", as: String.self).utf8))
        let students = try root.group("students")
        for (i, student) in trainer.students.enumerated() {
            let group = try students.group("\(i)")
            try student.network.load(stateDict: try read(try group.group("state_dict")), strict: true)
            if let optimizer = student.optimizer, group.contains("optimizer") {
                let state = try group.group("optimizer")
                try optimizer.importState(OptimizerState(stepCount: try state.attribute("step_count"),
                                                         tensors: try read(state).map { ($0.path, $0.tensor) }))
            }
            for (j, module) in student.methodModules.enumerated() {
                try module.load(stateDict: try read(try group.group("method\(j)")), strict: true)
            }
        }
        return (completed, history)
    }

    private static func write(_ tensors: [(path: String, tensor: Tensor)], to group: HDF5Group) throws {
        for (name, tensor) in tensors { try group.writeTensor(name, tensor) }
    }

    private static func read(_ group: HDF5Group) throws -> [(path: String, tensor: Tensor)] {
        try group.memberNames().map { ($0, try group.dataset($0).readTensor()) }
    }
}
