package io.metadiv.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** The arguments of the reference {@code bench.py}, with its defaults; keys use underscores as argparse's vars(). */
final class BenchArgs {

    private static final Object REQUIRED = new Object();
    private final Map<String, Object> values;

    private BenchArgs(Map<String, Object> values) {
        this.values = values;
    }

    private static Map<String, Object> defaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("dataset", REQUIRED);
        d.put("method", REQUIRED);
        d.put("ways", 5);
        d.put("shots", 1);
        d.put("queries", 15);
        d.put("meta_batch", 4);
        d.put("inner_steps", 1);
        d.put("inner_steps_test", 3);
        d.put("inner_lr", 0.4);
        d.put("outer_lr", 1e-3);
        d.put("iters", 300);
        d.put("hidden", 64);
        d.put("img", 28);
        d.put("seed", 0);
        d.put("split", "0.6,0.2,0.2");
        d.put("split_seed", 0);
        d.put("eval_episodes", 200);
        d.put("eval_seed", 12345);
        d.put("threads", 2);
        d.put("warmup", 5);
        d.put("pt_batch", 64);
        d.put("pt_lr", 1e-3);
        d.put("train_seconds", 0.0);
        d.put("head_steps", 300);
        d.put("head_lr", 1e-2);
        d.put("tasks", 20);
        d.put("div_shots", 5);
        d.put("div_queries", 15);
        d.put("div_split", "train");
        d.put("probe_seed", 0);
        d.put("probe_head_steps", 100);
        d.put("fim_samples", 1);
        d.put("noise_tasks", 5);
        d.put("probe_backbone", "");
        d.put("arch", "conv4");
        d.put("save_params", "");
        d.put("log_every", 0);
        d.put("out", "");
        return d;
    }

    static BenchArgs parse(String[] args) {
        Map<String, Object> v = defaults();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String key = arg.substring(2);
            String text;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                text = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                text = args[++i];
            }
            key = key.replace('-', '_');
            if (!v.containsKey(key)) {
                throw new IllegalArgumentException("unknown option --" + key.replace('_', '-'));
            }
            Object old = v.get(key);
            v.put(key, old instanceof Integer ? Integer.valueOf(text) : old instanceof Double ? Double.valueOf(text)
                    : text);
        }
        v.forEach((k, val) -> {
            if (val == REQUIRED) {
                throw new IllegalArgumentException("--" + k + " is required");
            }
        });
        return new BenchArgs(v);
    }

    Map<String, Object> values() {
        return values;
    }

    String str(String key) {
        return values.get(key).toString();
    }

    int integer(String key) {
        return ((Number) values.get(key)).intValue();
    }

    double dbl(String key) {
        return ((Number) values.get(key)).doubleValue();
    }
}
