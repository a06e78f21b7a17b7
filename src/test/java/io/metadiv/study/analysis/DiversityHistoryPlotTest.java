package io.metadiv.study.analysis;

import static io.metadiv.study.analysis.StudyPlotsTest.OUT;
import static io.metadiv.study.analysis.StudyPlotsTest.assertPng;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class DiversityHistoryPlotTest {

    private static final List<DiversityHistoryPlot.Point> LINEAGE = List.of(
            new DiversityHistoryPlot.Point("fashion", 0.412, 0.020, null, "SUCCEEDED"),
            new DiversityHistoryPlot.Point("fashion v2", 0.415, 0.021, false, "SUCCEEDED"),
            new DiversityHistoryPlot.Point("fashion v3 with a rather long name", 0.480, 0.018, true, "SUCCEEDED"),
            new DiversityHistoryPlot.Point("fashion v4", null, null, null, "QUEUED"));

    @BeforeAll
    static void headless() throws Exception {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(OUT);
    }

    @Test
    void aLineageIsAPngOfTheRequestedSize() throws Exception {
        assertPng(DiversityHistoryPlot.png("Diversity along the lineage of fashion v4", LINEAGE, 900, 550),
                "diversity-history.png", 900, 550);
        assertPng(DiversityHistoryPlot.png("One", LINEAGE.subList(0, 1), 400, 300), "diversity-history-one.png", 400,
                300);
    }

    @Test
    void withoutAFinishedScoreThePlotSaysSo() throws Exception {
        List<DiversityHistoryPlot.Point> waiting = List.of(
                new DiversityHistoryPlot.Point("fashion", null, null, null, "QUEUED"),
                new DiversityHistoryPlot.Point("fashion v2", null, null, null, "RUNNING"));
        assertPng(DiversityHistoryPlot.png("Waiting", waiting, 700, 400), "diversity-history-waiting.png", 700, 400);
        String svg = new String(DiversityHistoryPlot.svg("Waiting", waiting, 700, 400),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(svg).contains("<desc>No finished diversity score yet. fashion: QUEUED. fashion v2: RUNNING.</desc>");
    }

    @Test
    void theSvgDescribesEveryDatasetAndItsFlag() throws Exception {
        byte[] svg = DiversityHistoryPlot.svg("Diversity along the lineage of fashion v4", LINEAGE, 900, 550);
        Files.write(OUT.resolve("diversity-history.svg"), svg);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg));
        assertThat(doc.getDocumentElement().getElementsByTagName("desc").item(0).getTextContent()).isEqualTo(
                "fashion: 0.412 ± 0.020. fashion v2: 0.415 ± 0.021 (no diversity gained). fashion v3 with a rather "
                + "long name: 0.480 ± 0.018. fashion v4: QUEUED.");
    }
}
