package io.metadiv.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.metadiv.episode.SeededStream;
import io.metadiv.nn.Network;
import io.metadiv.nn.GradMode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The step loop shared by MAML and PT: per-step child managers, timing, the progress listener (cancel), and
 * checkpoints holding everything a run needs to resume exactly (parameters, Adam moments and step count, the
 * sampler's generator state, the step number and elapsed time).
 *
 * @param <S> what one step consumes (a meta-batch of episodes, a batch)
 */
public abstract class Trainer<S extends AutoCloseable> implements AutoCloseable {

    private static final int MAGIC = 0x4D44434B;
    private static final int FORMAT_VERSION = 1;
    private static final double NANOS_PER_MILLI = 1e6;

    /** Owner of parameters and optimiser state; steps run in its child managers. */
    protected final NDManager manager;
    /** The model description. */
    protected final Network model;
    /** Trained parameters (18 tensors, no autograd), updated in place. */
    protected final NDList params;
    /** Outer optimiser. */
    protected final Adam adam;
    private final SeededStream stream;
    private final String kind;
    private int step;
    private long elapsedBeforeMillis;
    private long runningSinceNanos = -1;

    /**
     * Creates the state.
     *
     * @param parent manager the trainer's own child manager is made from
     * @param model architecture
     * @param ways head outputs
     * @param seed parameter initialisation seed
     * @param dataType FLOAT32 or FLOAT64
     * @param adamConfig outer optimiser settings
     * @param stream the sampler feeding the steps (its generator state goes into checkpoints)
     * @param kind short name of the algorithm, stored in checkpoints and checked on restore
     */
    protected Trainer(NDManager parent, Network model, int ways, long seed, ai.djl.ndarray.types.DataType dataType,
            Adam.Config adamConfig, SeededStream stream, String kind) {
        this.stream = stream;
        this.kind = kind;
        this.manager = parent.newSubManager();
        this.model = model;
        this.params = model.init(manager, ways, seed, dataType);
        MamlTrainer.requireGradients(params);
        this.adam = new Adam(adamConfig, params, manager);
    }

    /** Steps the run has in total (the loop ends when {@link #step()} reaches it, unless time-bounded). */
    protected abstract int totalSteps();

    /** Wall-time budget in seconds instead of a step count; 0 for none. */
    protected double trainSeconds() {
        return 0;
    }

    /**
     * Draws the next step's input.
     *
     * @param scope the step's manager
     * @return the input
     */
    protected abstract S sample(NDManager scope);

    /**
     * Runs one optimisation step and updates {@link #params} in place.
     *
     * @param input the step's input
     * @param scope the step's manager (closed after the step)
     * @return the step's loss
     */
    protected abstract double runStep(S input, NDManager scope);

    /**
     * Trains until the end of the run or until the listener says stop. Can be called again after a stop or a
     * restore; it continues from {@link #step()}.
     *
     * @param listener progress callback
     * @return what this call did
     */
    public final TrainingResult train(ProgressListener listener) {
        long start = System.nanoTime();
        runningSinceNanos = start;
        List<Double> losses = new ArrayList<>();
        List<Double> stepMillis = new ArrayList<>();
        List<Double> sampleMillis = new ArrayList<>();
        boolean stopped = false;
        while (!finished(start)) {
            long t0 = System.nanoTime();
            double loss;
            long t1;
            try (NDManager scope = manager.newSubManager(); S input = sample(scope)) {
                t1 = System.nanoTime();
                loss = runStep(input, scope);
            } catch (Exception e) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
            long t2 = System.nanoTime();
            step++;
            losses.add(loss);
            sampleMillis.add((t1 - t0) / NANOS_PER_MILLI);
            stepMillis.add((t2 - t1) / NANOS_PER_MILLI);
            long elapsed = elapsedBeforeMillis + (t2 - start) / (long) NANOS_PER_MILLI;
            if (listener.onStep(new ProgressListener.Progress(step, loss, elapsed)) == ProgressListener.Decision.STOP) {
                stopped = !finished(start);
                break;
            }
        }
        elapsedBeforeMillis += (System.nanoTime() - start) / (long) NANOS_PER_MILLI;
        runningSinceNanos = -1;
        return new TrainingResult(step, losses, stepMillis, sampleMillis, stopped);
    }

    private boolean finished(long startNanos) {
        double budget = trainSeconds();
        if (budget > 0) {
            return elapsedBeforeMillis / 1e3 + (System.nanoTime() - startNanos) / 1e9 >= budget;
        }
        return step >= totalSteps();
    }

    /** Steps finished so far. */
    public final int step() {
        return step;
    }

    /** The trained parameters (owned by the trainer; copy before closing it if they must outlive it). */
    public final NDList parameters() {
        return params;
    }

    /** The architecture. */
    public final Network model() {
        return model;
    }

    /**
     * Writes a checkpoint: everything needed to resume exactly. May be called from the progress listener (e.g. every
     * M steps): the state is then that of the step just reported.
     *
     * @param out destination (not closed)
     * @throws IOException on write failure
     */
    public final void saveCheckpoint(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(MAGIC);
        data.writeInt(FORMAT_VERSION);
        data.writeUTF(kind);
        data.writeInt(step);
        long running = runningSinceNanos < 0 ? 0 : (System.nanoTime() - runningSinceNanos) / (long) NANOS_PER_MILLI;
        data.writeLong(elapsedBeforeMillis + running);
        data.writeLong(stream.rngState());
        data.writeLong(adam.steps());
        writeList(data, params);
        writeList(data, adam.firstMoment());
        writeList(data, adam.secondMoment());
        data.flush();
    }

    /**
     * Restores a checkpoint written by {@link #saveCheckpoint} of a trainer of the same kind and shape.
     *
     * @param in source (not closed)
     * @throws IOException on read failure or when the checkpoint does not fit this trainer
     */
    public final void restoreCheckpoint(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        if (data.readInt() != MAGIC || data.readInt() != FORMAT_VERSION) {
            throw new IOException("not a Metadiv checkpoint (or another format version)");
        }
        String savedKind = data.readUTF();
        if (!savedKind.equals(kind)) {
            throw new IOException("checkpoint is for " + savedKind + ", this trainer runs " + kind);
        }
        int savedStep = data.readInt();
        long savedElapsed = data.readLong();
        long rng = data.readLong();
        long adamSteps = data.readLong();
        try (NDManager scope = manager.newSubManager(); GradMode off = GradMode.disabled()) {
            NDList p = readList(data, scope);
            NDList m = readList(data, scope);
            NDList v = readList(data, scope);
            if (p.size() != params.size()) {
                throw new IOException("checkpoint holds " + p.size() + " tensors, the model has " + params.size());
            }
            for (int i = 0; i < p.size(); i++) {
                if (!p.get(i).getShape().equals(params.get(i).getShape())) {
                    throw new IOException("tensor " + i + " has shape " + p.get(i).getShape() + " in the checkpoint, "
                            + params.get(i).getShape() + " in the model");
                }
                p.get(i).copyTo(params.get(i));
            }
            adam.restore(m, v, adamSteps);
        }
        this.step = savedStep;
        this.elapsedBeforeMillis = savedElapsed;
        stream.restoreRngState(rng);
    }

    /**
     * Reads only the parameters of a checkpoint written by {@link #saveCheckpoint}, e.g. a PT run's backbone to probe
     * with ({@link io.metadiv.diversity.BackboneProbe}).
     *
     * @param in source (not closed)
     * @param target owner of the tensors
     * @return the parameters in the trainer's layout
     * @throws IOException on read failure or when it is not a checkpoint
     */
    public static NDList readParameters(InputStream in, NDManager target) throws IOException {
        DataInputStream data = new DataInputStream(in);
        if (data.readInt() != MAGIC || data.readInt() != FORMAT_VERSION) {
            throw new IOException("not a Metadiv checkpoint (or another format version)");
        }
        data.readUTF();
        data.readInt();
        data.readLong();
        data.readLong();
        data.readLong();
        return readList(data, target);
    }

    private static void writeList(DataOutputStream data, NDList list) throws IOException {
        byte[] bytes = list.encode();
        data.writeInt(bytes.length);
        data.write(bytes);
    }

    private static NDList readList(DataInputStream data, NDManager scope) throws IOException {
        byte[] bytes = new byte[data.readInt()];
        data.readFully(bytes);
        return NDList.decode(scope, bytes);
    }

    /** Copies the parameters into another manager (e.g. to keep them after closing the trainer). */
    public final NDList copyParameters(NDManager target) {
        NDList copy = new NDList(params.size());
        for (NDArray p : params) {
            NDArray c = p.duplicate();
            c.attach(target);
            copy.add(c);
        }
        return copy;
    }

    /** Frees parameters and optimiser state. */
    @Override
    public void close() {
        manager.close();
    }
}
