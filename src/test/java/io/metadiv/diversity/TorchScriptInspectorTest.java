package io.metadiv.diversity;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The upload inspector on the archives of {@code tools/make_probe_safety_fixtures.py} and
 * {@code tools/make_probe_fixtures.py} (written by torch.jit.save, torch 1.13), and on archives built here with
 * hand-written code, as anyone can zip one: libtorch compiles whatever the code files say.
 */
class TorchScriptInspectorTest {

    static byte[] safety(String name) {
        return TorchScriptProbeTest.resource("safety/" + name);
    }

    private static UnsafeModelException refused(byte[] archive) {
        return assertThrows(UnsafeModelException.class, () -> TorchScriptInspector.inspect(archive));
    }

    @ParameterizedTest
    @ValueSource(strings = {"small_cnn.pt", "linear_only.pt", "unused_conv.pt", "safety/safe_cnn.pt"})
    void modelsOfOrdinaryLayersPass(String fixture) {
        assertDoesNotThrow(() -> TorchScriptInspector.inspect(TorchScriptProbeTest.resource(fixture)));
    }

    @ParameterizedTest
    @CsvSource({
        "from_file.pt, torch.from_file, from_file/code/__torch__.py, __torch__.FromFile.forward",
        "canary.pt, torch.from_file, canary/code/__torch__.py, __torch__.Canary.__setstate__",
        "submodule_from_file.pt, torch.from_file, submodule_from_file/code/__torch__.py, __torch__.ReadsFile.forward",
        "helper_as_strided.pt, torch.as_strided, helper_as_strided/code/__torch__.py, __torch__.HelperAsStrided.centre",
        "profiler_op.pt, ops.profiler._record_function_enter, profiler_op/code/__torch__.py, __torch__.ProfilerOp",
        "fork.pt, fork, fork/code/__torch__.py, __torch__.Fork.forward",
        "quantized.pt, __torch__.torch.ao.nn.quantized.modules.conv.Conv2d, "
                + "quantized/code/__torch__/torch/ao/nn/quantized/modules/conv.py, quantized modules are refused",
        "pickle_global.pt, GLOBAL posix.system, safe_cnn/data.pkl, names the global posix.system"})
    void hostileFixturesAreRefusedNamingTheOpAndWhere(String fixture, String op, String entry, String detail) {
        UnsafeModelException e = refused(safety(fixture));
        assertEquals(op, e.op(), e.getMessage());
        assertEquals(entry, e.entry(), e.getMessage());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
        assertTrue(e.getMessage().contains(op.replace("GLOBAL ", "")), e.getMessage());
    }

    // --- hand-written code: what torch.jit.save never writes, but a crafted archive can hold ---

    private static final String HEAD = """
            class Net(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              conv : __torch__.torch.nn.modules.conv.Conv2d
              def forward(self: __torch__.Net,
                x: Tensor) -> Tensor:
            """;
    private static final String CONV = """
            class Conv2d(Module):
              __parameters__ = ["weight", ]
              __buffers__ = []
              weight : Tensor
              training : bool
              def forward(self: __torch__.torch.nn.modules.conv.Conv2d,
                input: Tensor) -> Tensor:
                return torch.conv2d(input, self.weight)
              def set_(self: __torch__.torch.nn.modules.conv.Conv2d,
                input: Tensor) -> Tensor:
                return input
            """;

    /** A module whose forward body is {@code body} (indented by the caller's four spaces). */
    static byte[] net(String body) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("m/data.pkl", new byte[] {(byte) 0x80, 2, 'N', '.'});
        entries.put("m/code/__torch__.py", (HEAD + body.indent(4)).getBytes(StandardCharsets.UTF_8));
        entries.put("m/code/__torch__/torch/nn/modules/conv.py", CONV.getBytes(StandardCharsets.UTF_8));
        return zip(entries);
    }

    static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Test
    void handWrittenCodeOfAllowedOpsPasses() {
        assertDoesNotThrow(() -> TorchScriptInspector.inspect(net("""
                conv = self.conv
                h = torch.relu((conv).forward(x, ))
                h0 = (conv).set_(h, )
                for i in range(torch.size(h, 1)):
                  _0, _1, = torch.chunk(h0, 2, 1)
                return torch.flatten(torch.mul(h0, 2.), 1)
                """)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // a tensor method call: libtorch looks set_ up on the tensor, not on Conv2d
        "return x.set_(x)| .set_",
        "h = (x).as_strided([9], [1])\\nreturn h| .as_strided",
        // aliases of the operator namespaces
        "t = torch\\nreturn t.relu(x)| torch",
        "o = ops\\nreturn x| ops",
        "return torch.ops.aten.from_file(\"/etc/passwd\")| torch.ops.aten.from_file",
        "return ops.aten.as_strided(x, [9], [1])| ops.aten.as_strided",
        "return ops.myns.leak(x)| ops.myns.leak",
        // getattr reaches anything by name
        "f = getattr(x, \"set_\")\\nreturn f(x)| getattr",
        "f = getattr(self, \"forward\")\\nreturn x| getattr",
        // builtins outside the allow-list, and shadowing one with a local
        "print(x)\\nreturn x| print",
        "fork = x\\nreturn fork| fork",
        "torch = x\\nreturn x| torch",
        "import os\\nreturn x| import",
        "def inner():\\n  return x\\nreturn x| def",
        // custom classes and names the archive does not define
        "c = __torch__.torch.classes.quantized.Conv2dPackedParamsBase\\nreturn x| "
                + "__torch__.torch.classes.quantized.Conv2dPackedParamsBase",
        "return torch.classes.ns.Leak(x)| torch.classes.ns.Leak",
        "return __torch__.os.system(x)| __torch__.os.system",
        "return unknown(x)| unknown",
        "return CONSTANTS.weights| CONSTANTS.weights"})
    void craftedCodeIsRefusedNamingTheOp(String body, String op) {
        UnsafeModelException e = refused(net(body.replace("\\n", "\n")));
        assertEquals(op, e.op(), e.getMessage());
        assertEquals("m/code/__torch__.py", e.entry());
        assertTrue(e.getMessage().contains("__torch__.Net.forward"), e.getMessage());
    }

    @Test
    void aClassInTheCustomClassNamespaceIsRefused() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("m/data.pkl", new byte[] {(byte) 0x80, 2, 'N', '.'});
        entries.put("m/code/__torch__/torch/classes/x.py", "class Y:\n  a : int\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("__torch__.torch.classes.x.Y", refused(zip(entries)).op());
    }

    // --- the archive as libtorch's ZIP reader sees it ---

    @Test
    void archivesTwoZipReadersCouldReadDifferentlyAreRefused() {
        byte[] model = TorchScriptProbeTest.resource("small_cnn.pt");
        byte[] commented = Arrays.copyOf(model, model.length + 4);
        ByteBuffer.wrap(commented).order(ByteOrder.LITTLE_ENDIAN).putShort(model.length - 2, (short) 4);
        assertTrue(refused(commented).getMessage().contains("does not end with a ZIP end record"));

        byte[] twin = model.clone();
        ByteBuffer b = ByteBuffer.wrap(twin).order(ByteOrder.LITTLE_ENDIAN);
        int record = (int) b.getLong(twin.length - 22 - 20 + 8);
        b.putLong(record + 32, b.getLong(record + 32) - 1); // the ZIP64 record names one entry fewer
        assertTrue(refused(twin).getMessage().contains("ZIP64 end record disagrees"));

        Map<String, byte[]> cases = new LinkedHashMap<>();
        cases.put("m/data.pkl", new byte[] {(byte) 0x80, 2, 'N', '.'});
        cases.put("m/code/__torch__.py", "class A:\n  a : int\n".getBytes(StandardCharsets.UTF_8));
        cases.put("m/code/__TORCH__.py", "class A:\n  a : int\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(refused(zip(cases)).getMessage().contains("two entries named"));

        Map<String, byte[]> outside = new LinkedHashMap<>();
        outside.put("m/data.pkl", new byte[] {(byte) 0x80, 2, 'N', '.'});
        outside.put("m/extra/run.py", "x = 1\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(refused(zip(outside)).getMessage().contains("a source file outside m/code/"));

        Map<String, byte[]> noData = new LinkedHashMap<>();
        noData.put("m/code/__torch__.py", "class A:\n  a : int\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(refused(zip(noData)).getMessage().contains("no m/data.pkl"));
    }

    @Test
    void anArchiveUnpackingFarPastItsSizeIsRefused() {
        Map<String, byte[]> bomb = new LinkedHashMap<>();
        bomb.put("m/data.pkl", new byte[] {(byte) 0x80, 2, 'N', '.'});
        bomb.put("m/extra/zeros", new byte[32 << 20]); // deflates to some 32 KB
        byte[] archive = zip(bomb);
        assertTrue(archive.length < 100_000, archive.length + " bytes");
        UnsafeModelException e = refused(archive);
        assertTrue(e.getMessage().contains("unpacks to more than "
                + TorchScriptInspector.maxUnpackedBytes(archive.length) + " bytes"), e.getMessage());
        bomb.put("m/extra/zeros", new byte[8 << 20]);
        assertDoesNotThrow(() -> TorchScriptInspector.inspect(zip(bomb)), "within 4 x its size + 16 MiB");
    }

    @Test
    void picklesMayNameOnlyTorchsRebuildersAndTheArchivesClasses() {
        assertEquals(java.util.List.of("torch._utils._rebuild_tensor_v2"),
                PickleGlobals.of("\u0080\u0002ctorch._utils\n_rebuild_tensor_v2\n.".getBytes(StandardCharsets.ISO_8859_1)));
        Map<String, byte[]> stack = new LinkedHashMap<>();
        // SHORT_BINUNICODE 'os', SHORT_BINUNICODE 'system', STACK_GLOBAL, STOP
        stack.put("m/data.pkl", new byte[] {(byte) 0x80, 4, (byte) 0x8c, 2, 'o', 's', (byte) 0x8c, 6, 's', 'y', 's',
            't', 'e', 'm', (byte) 0x93, '.'});
        UnsafeModelException e = refused(zip(stack));
        assertEquals("pickle", e.op());
        assertTrue(e.getMessage().contains("STACK_GLOBAL"), e.getMessage());
        Map<String, byte[]> foreign = new LinkedHashMap<>();
        foreign.put("m/data.pkl", "\u0080\u0002c__torch__\nMissing\n.".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("GLOBAL __torch__.Missing", refused(zip(foreign)).op());
    }
}
