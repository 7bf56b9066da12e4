import Foundation
import KDZoo

/// A fitted tree written as nested if/else rules, two spaces of indentation per level:
///
///     if x[36] (y=4, x=4) <= 0.3125:
///       predict 0 (p=0.97)
///     else:
///       ...
///
/// Features are named by their index in the flattened sample and, for images and sequences,
/// by their position in the sample; thresholds are in the units the model reads (after the
/// dataset's normalisation).
struct TreeRules {
    let nodes: TreeNodes
    let input: InputSpec
    let classNames: [String]

    var lines: [String] {
        var lines: [String] = []
        append(node: 0, depth: 0, to: &lines)
        return lines
    }

    private func append(node: Int, depth: Int, to lines: inout [String]) {
        let indent = String(repeating: "  ", count: depth)
        guard !nodes.isLeaf(node) else {
            lines.append(indent + prediction(of: node))
            return
        }
        let feature = Int(nodes.feature[node])
        lines.append("\(indent)if \(name(ofFeature: feature)) <= \(nodes.threshold[node]):")
        append(node: Int(nodes.left[node]), depth: depth + 1, to: &lines)
        lines.append("\(indent)else:")
        append(node: Int(nodes.right[node]), depth: depth + 1, to: &lines)
    }

    /// `predict 7 (p=0.97)`: the most likely class, ties to the lowest index.
    private func prediction(of node: Int) -> String {
        let distribution = nodes.value[(node * nodes.classes)..<((node + 1) * nodes.classes)]
        let best = distribution.indices.max { distribution[$0] < distribution[$1] || (distribution[$0] == distribution[$1] && $0 > $1) }!
        let label = best - distribution.startIndex
        let name = label < classNames.count ? classNames[label] : "\(label)"
        return "predict \(name) (p=\(String(format: "%.2f", distribution[best])))"
    }

    /// `x[36] (y=4, x=4)` for a one-channel image, `x[100] (c=1, y=2, x=4)` for several
    /// channels, `x[40] (t=3, f=4)` for a sequence, `x[7]` for a vector.
    func name(ofFeature index: Int) -> String {
        let shape = input.shape
        switch input.layout {
        case .image:
            let (height, width) = (shape[1], shape[2])
            let (channel, y, x) = (index / (height * width), index / width % height, index % width)
            return shape[0] == 1 ? "x[\(index)] (y=\(y), x=\(x))" : "x[\(index)] (c=\(channel), y=\(y), x=\(x))"
        case .sequence:
            return "x[\(index)] (t=\(index / shape[1]), f=\(index % shape[1]))"
        case .flat, .tokens:
            return "x[\(index)]"
        }
    }
}
