package io.metadiv.study;

import io.metadiv.dataset.DatasetClass;
import io.metadiv.dataset.DatasetNotFoundException;
import io.metadiv.dataset.DatasetSubsets;
import io.metadiv.dataset.DatasetTensors;
import io.metadiv.dataset.DatasetUse;
import io.metadiv.dataset.Selection;
import io.metadiv.episode.ImageSet;
import io.metadiv.episode.Subset;
import io.metadiv.diversity.api.DiversityRequest;
import io.metadiv.diversity.api.DiversityScoring;
import io.metadiv.experiment.ExperimentRequest;
import io.metadiv.experiment.TrainingRuns;
import io.metadiv.job.DatabaseClock;
import io.metadiv.study.analysis.Criteria;
import io.metadiv.training.RunSpec;
import io.metadiv.web.BadRequestException;
import io.metadiv.web.BadRequestException.FieldError;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a study request, then in one transaction stores the study, reuses or queues one diversity score per dataset
 * and reuses or queues one training run per dataset × method × seed. Nothing is stored when any part is refused.
 */
@Service
class StudySubmission {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ExperimentRequest NO_SETTINGS = new ExperimentRequest(null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final TrainingRuns training;
    private final DiversityScoring scoring;
    private final DatabaseClock clock;
    private final DatasetUse datasets;
    private final DatasetTensors tensors;
    private final DatasetSubsets subsets;

    StudySubmission(JdbcTemplate jdbc, TransactionTemplate tx, TrainingRuns training, DiversityScoring scoring,
            DatabaseClock clock, DatasetUse datasets, DatasetTensors tensors, DatasetSubsets subsets) {
        this.datasets = datasets;
        this.tensors = tensors;
        this.subsets = subsets;
        this.jdbc = jdbc;
        this.tx = tx;
        this.training = training;
        this.scoring = scoring;
        this.clock = clock;
    }

    /** The request with every default filled in: what is stored, and what the analysis reads back. */
    static StudyRequest resolve(StudyRequest r) {
        List<UUID> ids = r.datasetIds() == null ? List.of() : r.datasetIds();
        List<RunSpec.Method> methods = r.methods() == null || r.methods().isEmpty()
                ? List.of(RunSpec.Method.values()) : r.methods();
        List<Long> seeds = r.seeds() == null || r.seeds().isEmpty() ? List.of(0L) : r.seeds();
        Criteria c = criteria(r.criteria());
        String name = r.name() == null || r.name().isBlank() ? "study of " + ids.size() + " datasets" : r.name().strip();
        StudyRequest.Design design = r.design() == null ? StudyRequest.Design.ACROSS_DATASETS : r.design();
        ExperimentRequest training = r.training() == null ? NO_SETTINGS : r.training();
        StudyRequest.Grid grid = r.grid();
        if (design == StudyRequest.Design.QUANTITY_VS_VARIETY && grid != null) {
            grid = new StudyRequest.Grid(sorted(grid.classes()), sorted(grid.imagesPerClass()),
                    grid.heldOutClasses() != null ? grid.heldOutClasses()
                            : TrainingRuns.settings(training, methods.get(0)).ways(),
                    grid.seed() == null ? 0L : grid.seed());
        }
        if (design == StudyRequest.Design.QUANTITY_VS_VARIETY && r.name() == null) {
            name = "quantity vs variety";
        }
        return new StudyRequest(name, ids, methods, seeds, training,
                r.diversity() == null ? new DiversityRequest(null, null, null, null, null, null, null, null, null,
                        null, null, null) : r.diversity(), r.robustnessProbe(), Boolean.TRUE.equals(r.equalize()),
                r.equalizeSeed() == null ? 0L : r.equalizeSeed(), new StudyRequest.CriteriaRequest(c.minGapPoints(),
                c.minDatasets(), c.requireNonOverlappingCi(),
                        c.requireSteeperSlope()), r.bootstrapSeed() == null ? 0L : r.bootstrapSeed(), design, grid);
    }

    /** Levels in ascending order (null stays null, so that check() can name it). */
    private static List<Integer> sorted(List<Integer> levels) {
        return levels == null || levels.stream().anyMatch(Objects::isNull) ? levels
                : levels.stream().sorted().toList();
    }

    static boolean quantityVsVariety(StudyRequest r) {
        return r.design() == StudyRequest.Design.QUANTITY_VS_VARIETY;
    }

    static Criteria criteria(StudyRequest.CriteriaRequest c) {
        Criteria d = Criteria.defaults();
        if (c == null) {
            return d;
        }
        return new Criteria(c.minGapPoints() == null ? d.minGapPoints() : c.minGapPoints(),
                c.minDatasets() == null ? d.minDatasets() : c.minDatasets(),
                c.requireNonOverlappingCi() == null ? d.requireNonOverlappingCi() : c.requireNonOverlappingCi(),
                c.requireSteeperSlope() == null ? d.requireSteeperSlope() : c.requireSteeperSlope());
    }

    /**
     * @return the new study's id
     * @throws BadRequestException naming every offending field; nothing is stored
     * @throws io.metadiv.job.JobQueueFullException when the queue cannot take its jobs; nothing is stored
     */
    UUID submit(StudyRequest request) {
        StudyRequest r = validated(request);
        if (quantityVsVariety(r)) {
            return submitGrid(r);
        }
        Selection equalized = r.equalize() ? equalized(r) : null;
        UUID id = UUID.randomUUID();
        return tx.execute(status -> {
            jdbc.update("INSERT INTO study (id, name, request, created_at) VALUES (?, ?, ?, ?)", id, r.name(),
                    JSON.writeValueAsString(r), Timestamp.from(clock.now()));
            for (int i = 0; i < r.datasetIds().size(); i++) {
                UUID dataset = equalized == null ? r.datasetIds().get(i) : subsets.derive(r.datasetIds().get(i),
                        null, equalized);
                List<DiversityRequest> probes = r.robustnessProbe() == null ? List.of(r.diversity())
                        : List.of(r.diversity(), withProbe(r.diversity(), r.robustnessProbe()));
                for (int probe = 0; probe < probes.size(); probe++) {
                    DiversityScoring.Requested score = scoring.scoreOrReuse(dataset, probes.get(probe));
                    jdbc.update("INSERT INTO study_score (study_id, dataset_id, position, probe, score_id, reused) "
                            + "VALUES (?, ?, ?, ?, ?, ?)", id, dataset, i, probe, score.scoreId(), score.reused());
                }
                for (RunSpec.Method method : r.methods()) {
                    queueRuns(id, dataset, TrainingRuns.settings(r.training(), method), r.seeds());
                }
            }
            return id;
        });
    }

    /**
     * A quantity-vs-variety study: per cell of the grid, the cell's dataset (its training classes and the held-out
     * ones) and, derived from it, its training classes alone; that one is scored, the cell's is trained on.
     */
    private UUID submitGrid(StudyRequest r) {
        UUID parent = r.datasetIds().get(0);
        GridCells grid = GridCells.of(tensors.load(parent).classNames(), r.grid());
        String parentName = jdbc.queryForObject("SELECT name FROM dataset WHERE id = ?", String.class, parent);
        UUID id = UUID.randomUUID();
        return tx.execute(status -> {
            jdbc.update("INSERT INTO study (id, name, request, created_at) VALUES (?, ?, ?, ?)", id, r.name(),
                    JSON.writeValueAsString(r), Timestamp.from(clock.now()));
            for (int i = 0; i < grid.cells().size(); i++) {
                GridCells.Cell cell = grid.cells().get(i);
                String name = parentName + " · " + cell.classes() + " classes × " + cell.imagesPerClass();
                UUID dataset = subsets.derive(parent, name, cell.selection());
                UUID training = subsets.derive(dataset, name + " · training classes", cell.training());
                DiversityScoring.Requested score = scoring.scoreOrReuse(training, gridDiversity(r.diversity()));
                jdbc.update("INSERT INTO study_score (study_id, dataset_id, position, probe, score_id, reused) "
                        + "VALUES (?, ?, ?, 0, ?, ?)", id, dataset, i, score.scoreId(), score.reused());
                for (RunSpec.Method method : r.methods()) {
                    queueRuns(id, dataset, TrainingRuns.settings(gridTraining(r, cell), method), r.seeds());
                }
            }
            return id;
        });
    }

    /** A cell's training settings: the study's, split in order so that the held-out classes are meta-test. */
    static ExperimentRequest gridTraining(StudyRequest r, GridCells.Cell cell) {
        return r.training().withSplit(cell.split(r.grid().heldOutClasses()), null, true);
    }

    /** The study's diversity settings over every training class of a cell (no split: nothing is held out there). */
    static DiversityRequest gridDiversity(DiversityRequest d) {
        return new DiversityRequest(d.tasks(), d.ways(), d.shots(), d.queries(), d.seed(), d.fisherSamples(),
                d.noiseTasks(), d.headSteps(), d.headLearningRate(), List.of(1.0, 0.0, 0.0), null, d.probe());
    }

    /**
     * The subset every dataset is cut down to: the smallest dataset's number of classes (drawn at random) and the
     * smallest class's number of images (drawn at random), so that only diversity differs, not size.
     */
    private Selection equalized(StudyRequest r) {
        int classes = Integer.MAX_VALUE;
        int images = Integer.MAX_VALUE;
        for (UUID id : r.datasetIds()) {
            List<DatasetClass> c = datasets.classes(id);
            classes = Math.min(classes, c.size());
            images = Math.min(images, c.stream().mapToInt(DatasetClass::getImages).min().orElseThrow());
        }
        return new Selection(null, null, classes, images, r.equalizeSeed(), null);
    }

    /** The images a dataset is trained and scored on: all of them, or its equalised subset. */
    private ImageSet imagesOf(UUID dataset, Selection equalized) {
        return equalized != null ? subsets.preview(dataset, equalized) : tensors.load(dataset);
    }

    /** The study's diversity settings under another probe. */
    static DiversityRequest withProbe(DiversityRequest d, DiversityRequest.ProbeRequest probe) {
        return new DiversityRequest(d.tasks(), d.ways(), d.shots(), d.queries(), d.seed(), d.fisherSamples(),
                d.noiseTasks(), d.headSteps(), d.headLearningRate(), d.split(), d.splitSeed(), probe);
    }

    /**
     * The request resolved and checked, as {@link #submit} checks it, with nothing stored.
     *
     * @throws BadRequestException naming every offending field
     */
    StudyRequest validated(StudyRequest request) {
        StudyRequest r = resolve(request);
        List<FieldError> errors = check(r);
        if (!errors.isEmpty()) {
            throw BadRequestException.of(errors);
        }
        return r;
    }

    private void queueRuns(UUID study, UUID dataset, RunSpec spec, List<Long> seeds) {
        List<Long> missing = new ArrayList<>();
        for (long seed : seeds) {
            training.finished(dataset, spec, seed).ifPresentOrElse(run -> insertRun(study, dataset, spec, seed, run,
                    true), () -> missing.add(seed));
        }
        if (!missing.isEmpty()) {
            for (Map.Entry<Long, UUID> run : training.submit(dataset, spec, missing).entrySet()) {
                insertRun(study, dataset, spec, run.getKey(), run.getValue(), false);
            }
        }
    }

    private void insertRun(UUID study, UUID dataset, RunSpec spec, long seed, UUID run, boolean reused) {
        jdbc.update("INSERT INTO study_run (study_id, dataset_id, method, seed, run_id, reused) VALUES (?, ?, ?, ?, ?, ?)",
                study, dataset, spec.method().name(), seed, run, reused);
    }

    /** Every offending field of a resolved request: ranges, then the fit of the settings to each dataset. */
    List<FieldError> check(StudyRequest r) {
        List<FieldError> errors = new ArrayList<>();
        if (r.name().length() > 200) {
            errors.add(new FieldError("name", "must be at most 200 characters, got " + r.name().length()));
        }
        List<UUID> ids = r.datasetIds();
        boolean grid = quantityVsVariety(r);
        if (grid) {
            gridErrors(r, errors);
            if (ids.size() != 1 || ids.get(0) == null) {
                errors.add(new FieldError("datasetIds", "a QUANTITY_VS_VARIETY study takes exactly 1 dataset id, got "
                        + ids));
                return errors;
            }
        } else if (r.grid() != null) {
            errors.add(new FieldError("grid", "applies to design QUANTITY_VS_VARIETY only; omit it for "
                    + r.design()));
        }
        if (!grid && (ids.size() < 2 || ids.size() > StudyRequest.MAX_DATASETS || ids.stream().anyMatch(Objects::isNull)
                || new HashSet<>(ids).size() != ids.size())) {
            errors.add(new FieldError("datasetIds", "needs 2 to " + StudyRequest.MAX_DATASETS
                    + " distinct dataset ids, got " + ids));
            return errors;
        }
        if (r.methods().stream().anyMatch(Objects::isNull) || new HashSet<>(r.methods()).size() != r.methods().size()) {
            errors.add(new FieldError("methods", "needs distinct methods of HO_MAML, FO_MAML, PT, got " + r.methods()));
        }
        List<Long> seeds = r.seeds();
        if (seeds.size() > StudyRequest.MAX_SEEDS || seeds.stream().anyMatch(s -> s == null || s < 0)
                || new HashSet<>(seeds).size() != seeds.size()) {
            errors.add(new FieldError("seeds", "needs 1 to " + StudyRequest.MAX_SEEDS
                    + " distinct non-negative seeds, got " + seeds));
        }
        ExperimentRequest t = r.training();
        if (t.datasetId() != null || t.method() != null || (t.seeds() != null && !t.seeds().isEmpty())) {
            errors.add(new FieldError("training", "datasetId, method and seeds are set by the study (datasetIds, "
                    + "methods, seeds), not in training"));
        }
        if (r.robustnessProbe() != null && r.robustnessProbe().equals(r.diversity().probe())) {
            errors.add(new FieldError("robustnessProbe", "must differ from diversity.probe"));
        }
        criteria(r.criteria()).violations().forEach(v -> errors.add(new FieldError("criteria." + v.field(),
                v.message())));
        if (!errors.isEmpty()) {
            return errors;
        }
        for (int i = 0; i < ids.size(); i++) {
            try {
                datasets.requireExists(ids.get(i));
            } catch (DatasetNotFoundException e) {
                errors.add(new FieldError("datasetIds[" + i + "]", "no dataset " + ids.get(i)));
            }
        }
        if (!errors.isEmpty()) {
            return errors;
        }
        if (grid) {
            gridFit(r, errors);
            return errors;
        }
        Selection equalized = r.equalize() ? equalized(r) : null; // once: it reads every dataset's classes
        for (UUID dataset : ids) {
            ImageSet images = imagesOf(dataset, equalized);
            String where = " on dataset " + dataset + (r.equalize() ? ", equalized" : "") + ")";
            for (RunSpec.Method method : r.methods()) {
                for (RunSpec.Violation v : TrainingRuns.settings(t, method).violations(images)) {
                    addOnce(errors, new FieldError("training." + v.field(), v.message() + " (" + method + where));
                }
            }
            for (FieldError v : scoring.violations(images, r.diversity())) {
                addOnce(errors, new FieldError(v.field().isEmpty() ? "diversity" : "diversity." + v.field(),
                        v.message() + " (diversity" + where));
            }
            if (r.robustnessProbe() != null) {
                for (FieldError v : scoring.violations(images, withProbe(r.diversity(), r.robustnessProbe()))) {
                    addOnce(errors, new FieldError(v.field().startsWith("probe") ? "robustnessProbe"
                            + v.field().substring("probe".length()) : "robustnessProbe", v.message() + " (second probe"
                            + where));
                }
            }
        }
        return errors;
    }

    /** What a quantity-vs-variety request must not set, and the grid's ranges before any dataset is read. */
    private static void gridErrors(StudyRequest r, List<FieldError> errors) {
        if (r.equalize()) {
            errors.add(new FieldError("equalize", "does not apply to QUANTITY_VS_VARIETY: its subsets are the grid"));
        }
        if (r.robustnessProbe() != null) {
            errors.add(new FieldError("robustnessProbe", "applies to ACROSS_DATASETS only"));
        }
        ExperimentRequest t = r.training();
        if ((t.split() != null && !t.split().isEmpty()) || t.splitSeed() != null || t.splitInOrder() != null) {
            errors.add(new FieldError("training.split", "is set per cell by a QUANTITY_VS_VARIETY study (the held-out "
                    + "classes are meta-test); omit split, splitSeed and splitInOrder"));
        }
        DiversityRequest d = r.diversity();
        if ((d.split() != null && !d.split().isEmpty()) || d.splitSeed() != null) {
            errors.add(new FieldError("diversity.split", "a QUANTITY_VS_VARIETY study scores every training class of "
                    + "a cell; omit split and splitSeed"));
        }
        StudyRequest.Grid g = r.grid();
        if (g == null) {
            errors.add(new FieldError("grid", "is required for QUANTITY_VS_VARIETY: classes and imagesPerClass, "
                    + StudyRequest.Grid.MIN_LEVELS + " to " + StudyRequest.Grid.MAX_LEVELS + " levels each"));
            return;
        }
        levels(errors, "grid.classes", g.classes(), "numbers of training classes");
        levels(errors, "grid.imagesPerClass", g.imagesPerClass(), "numbers of images per training class");
        if (g.heldOutClasses() < 1) {
            errors.add(new FieldError("grid.heldOutClasses", "must be at least 1, got " + g.heldOutClasses()));
        }
        if (g.seed() < 0) {
            errors.add(new FieldError("grid.seed", "must be non-negative, got " + g.seed()));
        }
    }

    private static void levels(List<FieldError> errors, String field, List<Integer> levels, String what) {
        if (levels == null || levels.size() < StudyRequest.Grid.MIN_LEVELS
                || levels.size() > StudyRequest.Grid.MAX_LEVELS || levels.stream().anyMatch(l -> l == null
                || l < Subset.MIN_IMAGES_PER_CLASS) || new HashSet<>(levels).size() != levels.size()) {
            errors.add(new FieldError(field, "needs " + StudyRequest.Grid.MIN_LEVELS + " to "
                    + StudyRequest.Grid.MAX_LEVELS + " distinct " + what + ", each at least "
                    + Subset.MIN_IMAGES_PER_CLASS + ", got " + levels));
        }
    }

    /** The grid against the dataset: enough classes and images, then every cell against the settings. */
    private void gridFit(StudyRequest r, List<FieldError> errors) {
        StudyRequest.Grid g = r.grid();
        ImageSet parent = tensors.load(r.datasetIds().get(0));
        int most = g.classes().get(g.classes().size() - 1);
        if (g.heldOutClasses() + most > parent.numClasses()) {
            errors.add(new FieldError("grid.classes", "the dataset has " + parent.numClasses() + " classes: with "
                    + g.heldOutClasses() + " held out, at most " + (parent.numClasses() - g.heldOutClasses())
                    + " can train, got " + most));
            return;
        }
        GridCells cells = GridCells.of(parent.classNames(), g);
        List<int[]> byClass = parent.indicesByClass();
        int fewest = cells.pool().subList(0, most).stream().mapToInt(c -> byClass.get(parent.classNames().indexOf(c))
                .length).min().orElseThrow();
        int largest = g.imagesPerClass().get(g.imagesPerClass().size() - 1);
        if (largest > fewest) {
            errors.add(new FieldError("grid.imagesPerClass", "the training classes have at least " + fewest
                    + " images each, so at most " + fewest + " per class, got " + largest));
            return;
        }
        for (GridCells.Cell cell : cells.cells()) {
            ImageSet images = subsets.select(parent, cell.selection());
            String where = " on the cell of " + cell.classes() + " classes × " + cell.imagesPerClass() + " images)";
            for (RunSpec.Method method : r.methods()) {
                for (RunSpec.Violation v : TrainingRuns.settings(gridTraining(r, cell), method).violations(images)) {
                    addOnce(errors, new FieldError("training." + v.field(), v.message() + " (" + method + where));
                }
            }
            ImageSet training = Subset.of(images, java.util.stream.IntStream.range(0, cell.classes()).boxed()
                    .toList(), 0, 0);
            for (FieldError v : scoring.violations(training, gridDiversity(r.diversity()))) {
                addOnce(errors, new FieldError(v.field().isEmpty() ? "diversity" : "diversity." + v.field(),
                        v.message() + " (diversity" + where));
            }
        }
    }

    private static void addOnce(List<FieldError> errors, FieldError e) {
        if (errors.stream().noneMatch(o -> Objects.equals(o, e))) {
            errors.add(e);
        }
    }
}
