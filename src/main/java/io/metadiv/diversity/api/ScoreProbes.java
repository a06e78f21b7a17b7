package io.metadiv.diversity.api;

import ai.djl.ndarray.NDManager;
import io.metadiv.diversity.Probe;
import io.metadiv.diversity.ProbeKind;
import io.metadiv.diversity.ProbeSpec;
import io.metadiv.diversity.TorchScriptProbe;
import io.metadiv.episode.ImageSet;
import io.metadiv.experiment.PtBackbones;
import io.metadiv.nn.Conv4;
import io.metadiv.nn.TorchRuntime;
import io.metadiv.probe.ProbeModel;
import io.metadiv.probe.ProbeModels;
import io.metadiv.web.BadRequestException;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * A score's probe: its {@link ProbeSpec} (an uploaded model's bytes from {@link ProbeModels}, a PT run's trained
 * backbone from {@link PtBackbones}), checked and opened.
 */
@Component
class ScoreProbes {

    private final ProbeModels models;
    private final PtBackbones backbones;

    ScoreProbes(ProbeModels models, PtBackbones backbones) {
        this.models = models;
        this.backbones = backbones;
    }

    /** Opens the probe of {@code settings} for the dataset's images, in {@code manager}. */
    Probe open(ScoreSettings settings, ImageSet images, NDManager manager) {
        return spec(settings).open(images.channels(), images.height(), manager);
    }

    /**
     * Checks the probe fits the images before anything is stored: a Conv4 width the image size allows, or an uploaded
     * model that runs on two blank images of the dataset's shape.
     *
     * @throws BadRequestException naming what does not fit
     */
    void checkFits(ScoreSettings settings, ImageSet images) {
        try {
            if (settings.probeKind() == ProbeKind.TORCHSCRIPT) {
                try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                        TorchScriptProbe probe = (TorchScriptProbe) open(settings, images, manager)) {
                    probe.check(images.channels(), images.height());
                }
            } else if (settings.probeKind() == ProbeKind.PT_BACKBONE) {
                try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                        Probe probe = open(settings, images, manager)) {
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
