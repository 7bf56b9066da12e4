/// A teacher and a student that can be distilled on a dataset, and how each sees the data.
public struct DistillationPairing: Sendable {
    public let teacher: ModelSpec
    public let student: ModelSpec
    /// The dataset's samples as the teacher reads them (a reshape of the stored samples).
    public let teacherInput: InputSpec
    /// The dataset's samples as the student reads them (a reshape of the stored samples).
    public let studentInput: InputSpec
}

extension Registry {
    /// Checks that `teacher` can be distilled into `student` on samples shaped `data`: their tasks
    /// match (``Task/canTeach(_:)``: the same task, or both classify) and both can read the data in some presentation (a spectrogram is
    /// an image `[1, T, F]` for a CNN and a sequence `[T, F]` for an LSTM; any real-valued
    /// sample flattens for an MLP). Throws ``ZooError/incompatible(reason:compatibleStudents:)``,
    /// listing the students that would fit, before any network is built, or
    /// ``ZooError/unsupportedInput(architecture:input:reason:)`` when the teacher cannot read the data.
    public func pairing(teacher: ModelSpec, student: ModelSpec, data: InputSpec) throws -> DistillationPairing {
        guard let teacherInput = teacher.architecture.presentation(of: data) else {
            throw ZooError.unsupportedInput(architecture: "the teacher \(teacher)", input: data, reason: rejection(of: data, by: teacher))
        }
        let fits = { compatibleStudents(for: teacher, data: data).map(\.name) }
        guard teacher.architecture.task.canTeach(student.architecture.task) else {
            throw ZooError.incompatible(
                reason: "the teacher \(teacher) does \(teacher.architecture.task) but the student \(student) does \(student.architecture.task)",
                compatibleStudents: fits())
        }
        guard let studentInput = student.architecture.presentation(of: data) else {
            throw ZooError.incompatible(reason: "the student \(student) cannot read \(data) data: \(rejection(of: data, by: student))",
                                        compatibleStudents: fits())
        }
        return DistillationPairing(teacher: teacher, student: student, teacherInput: teacherInput, studentInput: studentInput)
    }

    /// The registered architectures whose task the teacher can teach and that can read `data`.
    public func compatibleStudents(for teacher: ModelSpec, data: InputSpec) -> [any Architecture] {
        architectures(reading: data).filter { teacher.architecture.task.canTeach($0.task) }
    }

    /// Why `spec` reads none of `data`'s presentations, as the architecture words it for the data as stored.
    private func rejection(of data: InputSpec, by spec: ModelSpec) -> String {
        do {
            try spec.architecture.validate(data)
            return "no presentation fits"
        } catch let error as ZooError {
            if case let .unsupportedInput(_, _, reason) = error { return reason }
            return error.description
        } catch {
            return "\(error)"
        }
    }
}
