package io.metadiv.diversity;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the code of an uploaded TorchScript probe may use: the tensor and nn operations of CNN probes, the language
 * builtins torch.jit.save prints for them, and the pickled globals of their weights. Derived from the archives of
 * {@code tools/make_probe_safety_fixtures.py} and {@code tools/make_probe_fixtures.py} (what scripted Conv2d,
 * BatchNorm, GroupNorm, pooling, dropout, Sequential, ModuleList, Linear and the functional ops compile to), widened
 * to the same families' siblings. Everything else is refused: files, storages, raw memory views, processes,
 * threads and futures, RPC, custom operator namespaces and classes.
 */
final class TorchScriptAllowList {

    private TorchScriptAllowList() {
    }

    /** {@code aten} operations, printed as {@code torch.X} (also reachable as tensor methods {@code x.X}). */
    static final Set<String> ATEN = Set.of(
            // convolution, linear algebra
            "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "linear", "matmul", "mm", "bmm",
            "addmm",
            // normalisation
            "batch_norm", "group_norm", "layer_norm", "instance_norm",
            // activations
            "relu", "relu_", "relu6", "leaky_relu", "leaky_relu_", "elu", "elu_", "selu", "celu", "gelu", "silu",
            "silu_", "mish", "sigmoid", "sigmoid_", "tanh", "tanh_", "hardtanh", "hardtanh_", "hardswish",
            "hardswish_", "hardsigmoid", "hardsigmoid_", "softplus", "softmax", "log_softmax", "prelu",
            // pooling
            "max_pool1d", "max_pool2d", "max_pool3d", "avg_pool1d", "avg_pool2d", "avg_pool3d",
            "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d", "adaptive_max_pool1d",
            "adaptive_max_pool2d", "max_pool2d_with_indices",
            // dropout (off in eval mode)
            "dropout", "dropout_", "feature_dropout", "feature_dropout_", "alpha_dropout",
            // shapes and views of a tensor's own elements
            "flatten", "view", "reshape", "view_as", "reshape_as", "size", "dim", "numel", "permute", "transpose",
            "t", "contiguous", "squeeze", "unsqueeze", "expand", "expand_as", "chunk", "split", "unbind", "stack",
            "cat", "narrow", "select", "slice", "pad", "constant_pad_nd",
            // arithmetic and reductions
            "add", "add_", "sub", "sub_", "mul", "mul_", "div", "div_", "floordiv", "remainder", "neg", "abs",
            "pow", "sqrt", "rsqrt", "square", "exp", "log", "clamp", "clamp_", "clamp_min", "clamp_max", "mean",
            "sum", "amax", "amin", "max", "min", "norm",
            // comparisons and the Python operators on ints, floats, bools, lists and strings
            "eq", "ne", "lt", "le", "gt", "ge", "__is__", "__isnot__", "__not__", "__and__", "__or__", "__xor__",
            "__contains__", "len", "list", "append", "format", "warn",
            // dtype conversion and copies
            "to", "detach", "clone", "type_as", "zeros_like", "ones_like");

    /** {@code prim} operations, printed as {@code ops.prim.X}. */
    static final Set<String> PRIM = Set.of("RaiseException", "dtype", "device", "is_cuda",
            "unchecked_unwrap_optional", "NumToTensor", "min", "max");

    /** Tensor properties read as {@code x.X} on a value that is not one of the model's modules. */
    static final Set<String> PROPERTIES = Set.of("dtype", "device", "shape", "is_cuda");

    /** Language builtins the printed code calls by bare name. */
    static final Set<String> BUILTINS = Set.of("annotate", "unchecked_cast", "uninitialized", "isinstance", "int",
            "float", "bool", "len", "range", "min", "max", "abs", "inf", "nan");

    /** Type names of annotations. */
    static final Set<String> TYPES = Set.of("Tensor", "List", "Dict", "Optional", "Tuple", "Final", "NoneType", "int",
            "float", "bool", "str", "Any", "Device", "number", "Union", "complex", "Module", "NamedTuple",
            "Interface", "ModuleInterface");

    /** Keywords of the statements and expressions torch.jit.save prints. */
    static final Set<String> KEYWORDS = Set.of("def", "class", "return", "if", "else", "elif", "for", "in", "while",
            "pass", "break", "continue", "and", "or", "not", "is", "None", "True", "False", "assert", "raise");

    /**
     * Names libtorch's compiler resolves before looking at the model's own code (its globals and the importer's
     * environment): a model may not bind one as a local, or a later use would not mean the local.
     */
    static final Set<String> RESERVED = Set.of("print", "tuple", "float", "complex", "int", "bool", "str", "getattr",
            "hasattr", "isinstance", "_to_tensor", "len", "hex", "oct", "round", "hash", "id", "min", "max", "abs",
            "all", "any", "divmod", "sum", "list", "dict", "ord", "chr", "bin", "pow", "range", "zip", "enumerate",
            "rangelist", "sorted", "AssertionError", "torch", "ops", "CONSTANTS", "fork", "awaitable",
            "awaitable_wait", "awaitable_nowait", "annotate", "unchecked_cast", "uninitialized", "inf", "nan", "infj",
            "nanj", "__torch__", "wait", "rpc_async", "rpc_sync", "remote");

    /** Globals a weight pickle ({@code data.pkl}, {@code constants.pkl}, {@code *.debug_pkl}) may name. */
    static final Set<String> PICKLE_GLOBALS = Set.of("torch._utils._rebuild_tensor_v2", "collections.OrderedDict",
            "torch.jit._pickle.build_intlist", "torch.jit._pickle.build_doublelist",
            "torch.jit._pickle.build_boollist", "torch.jit._pickle.build_tensorlist",
            "torch.jit._pickle.restore_type_tag", "torch.FloatStorage", "torch.DoubleStorage", "torch.HalfStorage",
            "torch.BFloat16Storage", "torch.LongStorage", "torch.IntStorage", "torch.ShortStorage",
            "torch.CharStorage", "torch.ByteStorage", "torch.BoolStorage");

    /** {@code CONSTANTS.c0}, {@code CONSTANTS.c1}, …: tensor constants of constants.pkl. */
    static final Pattern CONSTANT = Pattern.compile("c[0-9]+");
}
