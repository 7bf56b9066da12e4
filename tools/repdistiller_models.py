"""RepDistiller's CIFAR networks (HobbitLong/RepDistiller, models/{wrn,resnet,mobilenetv2}.py),
re-written for the PyTorch side of `make bench-compare`, plus the speech LSTM classifier.

Only what a forward/backward pass needs is kept (no feature lists, no preact outputs); the
layers, their order and their shapes are RepDistiller's, so parameter counts equal kdzoo's
(tools/torch_bench.py asserts it).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


# --- wrn.py: pre-activation wide ResNet (Zagoruyko & Komodakis) -------------------------------

class WideBasicBlock(nn.Module):
    def __init__(self, in_planes, out_planes, stride):
        super().__init__()
        self.bn1 = nn.BatchNorm2d(in_planes)
        self.conv1 = nn.Conv2d(in_planes, out_planes, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_planes)
        self.conv2 = nn.Conv2d(out_planes, out_planes, 3, 1, 1, bias=False)
        self.equal_in_out = in_planes == out_planes
        self.shortcut = None if self.equal_in_out else nn.Conv2d(in_planes, out_planes, 1, stride, 0, bias=False)

    def forward(self, x):
        activated = F.relu(self.bn1(x))
        out = self.conv1(activated)
        out = self.conv2(F.relu(self.bn2(out)))
        # RepDistiller: the shortcut reads the activated input when the widths differ.
        return out + (x if self.equal_in_out else self.shortcut(activated))


class WideResNet(nn.Module):
    def __init__(self, depth, widen_factor, num_classes):
        super().__init__()
        channels = [16, 16 * widen_factor, 32 * widen_factor, 64 * widen_factor]
        assert (depth - 4) % 6 == 0
        n = (depth - 4) // 6
        self.conv1 = nn.Conv2d(3, channels[0], 3, 1, 1, bias=False)
        blocks = []
        for stage, stride in zip(range(3), (1, 2, 2)):
            for i in range(n):
                blocks.append(WideBasicBlock(channels[stage] if i == 0 else channels[stage + 1], channels[stage + 1],
                                             stride if i == 0 else 1))
        self.blocks = nn.Sequential(*blocks)
        self.bn1 = nn.BatchNorm2d(channels[3])
        self.fc = nn.Linear(channels[3], num_classes)

    def forward(self, x):
        out = F.relu(self.bn1(self.blocks(self.conv1(x))))
        return self.fc(torch.flatten(F.avg_pool2d(out, 8), 1))


# --- resnet.py: CIFAR ResNet with basic blocks and 1x1-conv projection shortcuts ---------------

class BasicBlock(nn.Module):
    def __init__(self, inplanes, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = None
        if stride != 1 or inplanes != planes:
            self.downsample = nn.Sequential(nn.Conv2d(inplanes, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + (x if self.downsample is None else self.downsample(x)))


class ResNet(nn.Module):
    """RepDistiller's ResNet(depth, num_filters): resnet20/56 use [16, 16, 32, 64],
    resnet8x4/32x4 use [32, 64, 128, 256]."""

    def __init__(self, depth, num_filters, num_classes):
        super().__init__()
        assert (depth - 2) % 6 == 0
        n = (depth - 2) // 6
        self.conv1 = nn.Conv2d(3, num_filters[0], 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(num_filters[0])
        layers, inplanes = [], num_filters[0]
        for planes, stride in zip(num_filters[1:], (1, 2, 2)):
            for i in range(n):
                layers.append(BasicBlock(inplanes, planes, stride if i == 0 else 1))
                inplanes = planes
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(num_filters[3], num_classes)

    def forward(self, x):
        out = self.layers(F.relu(self.bn1(self.conv1(x))))
        return self.fc(torch.flatten(F.avg_pool2d(out, 8), 1))


# --- mobilenetv2.py: MobileNetV2 for 32x32 inputs (first conv stride 2, expansion 6) ----------

def conv_bn(inp, oup, kernel, stride):
    return nn.Sequential(nn.Conv2d(inp, oup, kernel, stride, kernel // 2, bias=False), nn.BatchNorm2d(oup),
                         nn.ReLU(inplace=True))


class InvertedResidual(nn.Module):
    def __init__(self, inp, oup, stride, expand_ratio):
        super().__init__()
        hidden = inp * expand_ratio
        self.use_res_connect = stride == 1 and inp == oup
        # RepDistiller keeps the point-wise expansion even when expand_ratio is 1.
        self.conv = nn.Sequential(
            nn.Conv2d(inp, hidden, 1, 1, 0, bias=False), nn.BatchNorm2d(hidden), nn.ReLU(inplace=True),
            nn.Conv2d(hidden, hidden, 3, stride, 1, groups=hidden, bias=False), nn.BatchNorm2d(hidden),
            nn.ReLU(inplace=True),
            nn.Conv2d(hidden, oup, 1, 1, 0, bias=False), nn.BatchNorm2d(oup))

    def forward(self, x):
        return x + self.conv(x) if self.use_res_connect else self.conv(x)


class MobileNetV2(nn.Module):
    """RepDistiller's MobileNetV2(T=6, feature_dim, width_mult); mobile_half is width 0.5."""

    def __init__(self, expansion, num_classes, width_mult):
        super().__init__()
        setting = [(1, 16, 1, 1), (expansion, 24, 2, 1), (expansion, 32, 3, 2), (expansion, 64, 4, 2),
                   (expansion, 96, 3, 1), (expansion, 160, 3, 2), (expansion, 320, 1, 1)]
        channels = int(32 * width_mult)
        self.conv1 = conv_bn(3, channels, 3, 2)
        blocks = []
        for t, c, n, s in setting:
            out = int(c * width_mult)
            for i in range(n):
                blocks.append(InvertedResidual(channels, out, s if i == 0 else 1, t))
                channels = out
        self.blocks = nn.Sequential(*blocks)
        last = int(1280 * width_mult) if width_mult > 1.0 else 1280
        self.conv2 = conv_bn(channels, last, 1, 1)
        self.classifier = nn.Linear(last, num_classes)

    def forward(self, x):
        out = self.conv2(self.blocks(self.conv1(x)))
        return self.classifier(torch.flatten(F.avg_pool2d(out, out.shape[-1], ceil_mode=True), 1))


# --- the speech benchmark's recurrent classifier -----------------------------------------------

class LSTMClassifier(nn.Module):
    """A stacked LSTM over [N, T, F] frames, the top layer's final state, a linear head."""

    def __init__(self, features, hidden, layers, num_classes):
        super().__init__()
        self.lstm = nn.LSTM(features, hidden, num_layers=layers, batch_first=True)
        self.fc = nn.Linear(hidden, num_classes)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.fc(h[-1])


def make_model(name, num_classes):
    """The network a kdzoo row names: wrn-D-K, resnetD, resnetDx4, mobilenetv2-0.5, lstm-LxH."""
    if name.startswith("wrn-"):
        depth, widen = name[4:].split("-")
        return WideResNet(int(depth), int(widen), num_classes)
    if name.startswith("resnet"):
        depth = name[6:]
        if depth.endswith("x4"):
            return ResNet(int(depth[:-2]), [32, 64, 128, 256], num_classes)
        return ResNet(int(depth), [16, 16, 32, 64], num_classes)
    if name == "mobilenetv2-0.5":
        return MobileNetV2(6, num_classes, 0.5)
    if name.startswith("lstm-"):
        layers, hidden = name[5:].split("x")
        return LSTMClassifier(40, int(hidden), int(layers), num_classes)
    raise SystemExit(f"Error: torch_bench.py knows no model '{name}'")
