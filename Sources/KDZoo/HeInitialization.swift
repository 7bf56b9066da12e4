import KDLayers

/// The convolution initialisation of RepDistiller's CIFAR models (and of most ResNet-family
/// code since He et al., 2015), which plugins apply after building their layers.
public enum HeInitialization {
    /// Re-draws the weight of every ``Conv2d`` in `module` from `N(0, 2 / fanOut)`, PyTorch's
    /// `kaiming_normal_(mode='fan_out', nonlinearity='relu')`, from the current random scope.
    public static func convolutions(in module: Module) {
        for case let (_, conv as Conv2d) in module.namedModules {
            Init.kaimingNormal(conv.weight, mode: .fanOut, nonlinearity: .relu)
        }
    }
}
