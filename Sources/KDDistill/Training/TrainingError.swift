/// Why a training run stopped; `description` is one line for the CLI.
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    /// A configuration value is out of range; the message names the option.
    case invalidConfiguration(String)
    /// The loss became NaN or infinite; the last good checkpoint (if any) is kept.
    case nonFiniteLoss(student: String, epoch: Int, batch: Int, part: String, checkpoint: String?)
    /// A checkpoint does not belong to this run (other models, options or data).
    case checkpointMismatch(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let message):
            return "invalid training option \(message)"
        case let .nonFiniteLoss(student, epoch, batch, part, checkpoint):
            let kept = checkpoint.map { "; the last good checkpoint is \($0) (resume with --resume \($0) and a lower learning rate)" }
                ?? "; no checkpoint was written yet"
            return "\(student): loss part '\(part)' became NaN/Inf at epoch \(epoch), batch \(batch)\(kept)"
        case let .checkpointMismatch(path, reason):
            return "\(path): cannot resume from this checkpoint: \(reason)"
        }
    }
}
