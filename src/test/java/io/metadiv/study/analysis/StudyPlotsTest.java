package io.metadiv.study.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class StudyPlotsTest {

    static final Path OUT = Path.of("target", "study-plots");
    static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @BeforeAll
    static void headless() throws Exception {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(OUT);
    }

    @Test
    void accuracyPngIsAPngOfTheRequestedSize() throws Exception {
        StudyAnalysis analysis = StudyAnalysis.of(StudyFixtures.sampleStudy(), Criteria.defaults(), 1);
        assertPng(StudyPlots.accuracyVsDiversityPng(analysis, 1000, 700), "accuracy-vs-diversity.png", 1000, 700);
    }

    /** Saves the PNG under target/study-plots (to look at) and checks its signature and decoded size. */
    static void assertPng(byte[] png, String file, int width, int height) throws Exception {
        Files.write(OUT.resolve(file), png);
        assertThat(Arrays.copyOf(png, 8)).isEqualTo(PNG_SIGNATURE);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
    }

    @Test
    void accuracySvgIsXmlNamingTheDatasetsAndMethods() throws Exception {
        StudyAnalysis analysis = StudyAnalysis.of(StudyFixtures.sampleStudy(), Criteria.defaults(), 1);
        byte[] svg = StudyPlots.accuracyVsDiversitySvg(analysis, 900, 600);
        Files.write(OUT.resolve("accuracy-vs-diversity.svg"), svg);

        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        // the SVG declares the W3C DTD: parse without fetching it
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        String text = new String(svg, StandardCharsets.UTF_8);
        assertThat(doc.getDocumentElement().getElementsByTagName("desc").item(0).getTextContent())
                .contains("Omniglot", "CIFAR-FS", "FC100", "Aircraft", "MiniImageNet", "Flowers")
                .contains("HO-MAML", "FO-MAML", "PT");
        assertThat(text).contains("<title>Accuracy vs dataset diversity</title>");
    }

    @Test
    void degenerateStudiesStillPlot() throws Exception {
        List<Observation> one = List.of(StudyFixtures.run("Solo", io.metadiv.training.RunSpec.Method.PT, 0, 0.2,
                0.5, 0.02));
        StudyAnalysis single = StudyAnalysis.of(one, Criteria.defaults(), 1);
        assertThat(ImageIO.read(new ByteArrayInputStream(StudyPlots.accuracyVsDiversityPng(single, 400, 300))))
                .isNotNull();
        StudyAnalysis none = StudyAnalysis.of(List.of(), Criteria.defaults(), 1);
        assertThat(ImageIO.read(new ByteArrayInputStream(StudyPlots.accuracyVsDiversityPng(none, 400, 300))))
                .isNotNull();
    }

    @Test
    void heatmapIsALabelledPng() throws Exception {
        List<String> labels = List.of("Omniglot", "CIFAR-FS", "FC100", "Aircraft", "MiniImageNet");
        double[][] d = new double[5][5];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                d[i][j] = i == j ? 0 : 0.05 + 0.04 * Math.abs(i - j) + 0.01 * (i + j);
            }
        }
        assertPng(StudyPlots.heatmapPng(d, labels), "heatmap.png", 800, 800);
    }

    @Test
    void heatmapRejectsAMatrixThatDoesNotFitTheLabels() {
        assertThatThrownBy(() -> StudyPlots.heatmapPng(new double[2][3], List.of("a", "b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 0 must have 2 values");
        assertThatThrownBy(() -> StudyPlots.heatmapPng(new double[3][3], List.of("a", "b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one row per task label (2)");
    }
}
