package io.metadiv.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.metadiv.client.ApiClient;
import io.metadiv.client.ApiException;
import io.metadiv.client.api.DatasetsApi;
import io.metadiv.client.api.DiversityApi;
import io.metadiv.client.api.ExperimentsApi;
import io.metadiv.client.api.JobsApi;
import io.metadiv.client.api.ResultsApi;
import io.metadiv.client.model.Dataset;
import io.metadiv.client.model.DatasetClass;
import io.metadiv.client.model.DiversityRequest;
import io.metadiv.client.model.DiversityScoreResponse;
import io.metadiv.client.model.ExperimentJob;
import io.metadiv.client.model.ExperimentRequest;
import io.metadiv.client.model.ExperimentResponse;
import io.metadiv.client.model.JobMetrics;
import io.metadiv.client.model.ProbeRequest;
import io.metadiv.client.model.ProblemDetail;
import io.metadiv.client.model.ResultPage;
import io.metadiv.client.model.ResultRow;
import io.metadiv.dataset.format.TestArchives;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The README walk-through through the Java client that openapi-generator 7.25 ({@code java}, library {@code native},
 * no template changes) generates from {@code openapi.yaml} at build time (see pom.xml), against the running service:
 * if the contract and the service disagree in a way a generated client notices, this fails.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GeneratedClientTests {

    @LocalServerPort
    int port;

    @TempDir
    Path dir;

    @Test
    void readmeWalkThroughRunsThroughTheGeneratedClient() throws Exception {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://localhost:" + port);
        client.setReadTimeout(Duration.ofSeconds(60));
        DatasetsApi datasets = new DatasetsApi(client);
        DiversityApi diversity = new DiversityApi(client);
        ExperimentsApi experiments = new ExperimentsApi(client);
        JobsApi jobs = new JobsApi(client);
        ResultsApi results = new ResultsApi(client);

        // 1. An IDX pair (the README uses Fashion-MNIST's; a generated one here: 3 classes of 10).
        File images = write("images.gz", TestArchives.idxImages(30, 28, 28, 7, true));
        File labels = write("labels", TestArchives.idxLabels(TestArchives.roundRobin(30, 3), false));
        Dataset idx = datasets.uploadIdxDataset("client-idx", images, labels, null, null, null);
        assertThat(idx.getFormat()).isEqualTo(Dataset.FormatEnum.IDX);
        assertThat(idx.getClasses()).isEqualTo(3);
        assertThat(idx.getImages()).isEqualTo(30);

        // 2. A ZIP in image-folder layout: 6 classes of 5 noise images, 3 channels at 16 px.
        File zip = write("noise.zip", TestArchives.zip(TestArchives.imageFolder("noise/", 6, 5, 77)));
        Dataset noise = datasets.uploadZipDataset("client-zip", zip, 16, 3, null);
        assertThat(noise.getImageSize()).isEqualTo(16);
        assertThat(noise.getChannels()).isEqualTo(3);
        assertThat(datasets.getDataset(noise.getId()).getChecksum()).isEqualTo(noise.getChecksum());
        assertThat(datasets.listDatasets(0, 10, "name,asc").getContent()).extracting(Dataset::getName)
                .contains("client-idx", "client-zip");
        assertThat(datasets.listDatasetClasses(noise.getId())).extracting(DatasetClass::getImages)
                .containsOnly(5);

        // 3. A diversity score, built with the generated builder (an unset split goes out as []).
        DiversityScoreResponse requested = diversity.requestDiversityScore(noise.getId(), new DiversityRequest()
                .tasks(3).ways(2).shots(2).queries(2).seed(1L).headSteps(10)
                .probe(new ProbeRequest().kind(ProbeRequest.KindEnum.RANDOM_CONV4).seed(3L).hidden(8)));
        DiversityScoreResponse score = await(() -> diversity.getDiversityScore(noise.getId(), requested.getId()),
                s -> s.getStatus() == DiversityScoreResponse.StatusEnum.SUCCEEDED
                        || s.getStatus() == DiversityScoreResponse.StatusEnum.FAILED);
        assertThat(score.getStatus()).as(score.getError()).isEqualTo(DiversityScoreResponse.StatusEnum.SUCCEEDED);
        assertThat(score.getCoefficient()).isBetween(0.0, 1.0);
        assertThat(score.getSettings().getSplit()).containsExactly(0.6, 0.2, 0.2);

        // 4. An experiment: one small FO-MAML run, its event stream, metrics and result row.
        ExperimentRequest small = new ExperimentRequest().datasetId(noise.getId())
                .method(ExperimentRequest.MethodEnum.FO_MAML).arch(ExperimentRequest.ArchEnum.CONV4).hidden(8).ways(2)
                .shots(1).queries(3).iterations(12).metaBatch(2).evalEpisodes(8).split(List.of(0.5, 0.0, 0.5));
        ExperimentResponse submitted = experiments.submitExperiment(small, "client-walk-through");
        UUID jobId = submitted.getJobs().get(0).getId();
        ExperimentJob job = await(() -> experiments.getExperiment(submitted.getId()).getJobs().get(0),
                j -> j.getStatus() != ExperimentJob.StatusEnum.QUEUED && j.getStatus() != ExperimentJob.StatusEnum.RUNNING);
        assertThat(job.getStatus()).as(job.getError()).isEqualTo(ExperimentJob.StatusEnum.SUCCEEDED);
        assertThat(job.getAccuracy()).isBetween(0.0, 1.0);
        assertThat(job.getEpisodeAccuracies()).hasSize(8);
        assertThat(experiments.submitExperiment(small, "client-walk-through").getId())
                .as("the Idempotency-Key replays the first answer").isEqualTo(submitted.getId());

        String events = Files.readString(jobs.streamJobEvents(jobId).toPath());
        assertThat(events).contains("event:status").contains("\"SUCCEEDED\"");
        JobMetrics metrics = jobs.getJobMetrics(jobId);
        assertThat(metrics.getSteps()).isNotEmpty();
        ResultPage page = results.listResults(noise.getId(), "FO_MAML", null, null, "accuracy,desc", 0, 10);
        assertThat(page.getContent()).extracting(ResultRow::getJobId).contains(jobId);
        assertThat(page.getContent()).filteredOn(r -> r.getJobId().equals(jobId)).singleElement()
                .satisfies(r -> assertThat(r.getAccuracy()).isEqualTo(job.getAccuracy()));

        // 5. A 400 that names the field and its range, as the generated ProblemDetail model reads it.
        ApiException badWays = catchThrowableOfType(ApiException.class, () -> experiments.submitExperiment(
                new ExperimentRequest().datasetId(noise.getId()).method(ExperimentRequest.MethodEnum.FO_MAML).ways(50),
                null));
        assertThat(badWays.getCode()).isEqualTo(400);
        ProblemDetail problem = problem(client, badWays);
        assertThat(problem.getField()).isEqualTo("ways");
        assertThat(problem.getErrors()).isNotEmpty().allSatisfy(e -> assertThat(e.getMessage()).isNotBlank());
        assertThat(problem.getErrors().get(0).getMessage()).contains("[2, ");
        assertThat(problem.getTimestamp()).isNotNull();
        ApiException badSize = catchThrowableOfType(ApiException.class, () -> datasets.listDatasets(0, 0, null));
        assertThat(badSize.getCode()).isEqualTo(400);
        assertThat(problem(client, badSize).getField()).isEqualTo("size");

        // 6. A 404 with the id it did not find.
        UUID missing = UUID.randomUUID();
        ApiException notFound = catchThrowableOfType(ApiException.class, () -> datasets.getDataset(missing));
        assertThat(notFound.getCode()).isEqualTo(404);
        assertThat(problem(client, notFound).getDatasetId()).isEqualTo(missing);
        assertThat(problem(client, notFound).getTitle()).isEqualTo("Dataset not found");
    }

    private File write(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes).toFile();
    }

    private static ProblemDetail problem(ApiClient client, ApiException e) throws Exception {
        return client.getObjectMapper().readValue(e.getResponseBody(), ProblemDetail.class);
    }

    private static <T> T await(Callable<T> read, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        T value = read.call();
        while (!done.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            value = read.call();
        }
        return value;
    }
}
