package io.metadiv.diversity.api;

import ai.djl.ndarray.NDManager;
import io.metadiv.diversity.Probe;
import io.metadiv.diversity.ProbeKind;
import io.metadiv.diversity.ProbeSpec;
import io.metadiv.diversity.TorchScriptProbe;
import io.metadiv.diversity.UnsafeModelException;
import io.metadiv.episode.ImageSet;
import io.metadiv.experiment.PtBackbones;
import io.metadiv.job.PermanentJobFailure;
import io.metadiv.nn.Conv4;
import io.metadiv.nn.TorchRuntime;
import io.metadiv.probe.ProbeModel;
import io.metadiv.probe.ProbeModels;
import io.metadiv.web.BadRequestException;
import java.time.Duration;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * A score's probe: its {@link ProbeSpec} (an uploaded model's bytes from {@link ProbeModels}, a PT run's trained
 * backbone from {@link PtBackbones}), checked at submission and opened on a worker.
 */
@Component
class ScoreProbes {

    private final ProbeModels models;
    private final PtBackbones backbones;

    ScoreProbes(ProbeModels models, PtBackbones backbones) {
        this.models = models;
        this.backbones = backbones;
    }

    /**
     * Opens the probe of {@code settings} for the dataset's images, in {@code manager}, on a worker. An uploaded model
     * is checked here, not at submission (it is code, and runs on workers only): it must run on two blank images of
     * the dataset's shape, and everything it runs from then on is limited to {@code timeLimit}.
     *
     * @throws PermanentJobFailure when an uploaded model is refused, cannot be loaded or does not fit the images
     */
    Probe open(ScoreSettings settings, ImageSet images, NDManager manager, Duration timeLimit) {
        if (settings.probeKind() != ProbeKind.TORCHSCRIPT) {
            return spec(settings).open(images.channels(), images.height(), manager);
        }
        ProbeSpec spec = spec(settings);
        TorchScriptProbe probe;
        try {
            probe = (TorchScriptProbe) spec.open(images.channels(), images.height(), manager);
        } catch (UnsafeModelException e) {
            throw new PermanentJobFailure("ProbeRefused", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new PermanentJobFailure("ProbeUnusable", "the probe model cannot be loaded: " + e.getMessage());
        }
        try {
            probe.limitTime(timeLimit);
            probe.check(images.channels(), images.height());
            return probe;
        } catch (IllegalArgumentException e) {
            probe.close();
            throw new PermanentJobFailure("ProbeMismatch", "the probe model does not fit this dataset's "
                    + images.channels() + "-channel " + images.height() + "x" + images.height() + " images: "
                    + e.getMessage());
        } catch (RuntimeException e) {
            probe.close();
            throw e;
        }
    }

    /**
     * Checks the probe fits the images before anything is stored: a Conv4 width the image size allows, a PT
     * backbone whose tensors fit, or an uploaded model that exists. An uploaded model is not loaded here (it is code:
     * it runs on workers only), so whether it fits the images is checked by the score's job, which fails naming why.
     *
     * @throws BadRequestException naming what does not fit
     */
    void checkFits(ScoreSettings settings, ImageSet images) {
        try {
            if (settings.probeKind() == ProbeKind.TORCHSCRIPT) {
                model(settings.probeModelId());
            } else if (settings.probeKind() == ProbeKind.PT_BACKBONE) {
                try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                        Probe probe = spec(settings).open(images.channels(), images.height(), manager)) {
                    // the backbone's tensors fit a Conv4 of this dataset's channels and size
                }
            } else {
                new Conv4(settings.probeHidden(), images.channels(), images.height());
            }
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage(), "probe");
        }
    }

    private ProbeSpec spec(ScoreSettings s) {
        if (s.probeKind() == ProbeKind.TORCHSCRIPT) {
            return models.spec(model(s.probeModelId()));
        }
        if (s.probeKind() == ProbeKind.PT_BACKBONE) {
            return backbones.backbone(s.probeJobId());
        }
        return ProbeSpec.randomConv4(s.probeHidden(), s.probeSeed());
    }

    private ProbeModel model(UUID id) {
        return models.find(id).orElseThrow(() -> new BadRequestException("no probe model " + id
                + " (see GET /api/v1/probes)", "probe.modelId"));
    }
}
