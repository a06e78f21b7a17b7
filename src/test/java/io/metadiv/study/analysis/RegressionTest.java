package io.metadiv.study.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RegressionTest {

    @Test
    void pointsOnALineGiveTheLineExactly() {
        double[] x = {0.1, 0.15, 0.2, 0.3, 0.4};
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 30 + 200 * x[i];
        }
        Regression r = Regression.fit(x, y, 15, "accuracy");

        assertThat(r.status()).isEqualTo(Status.COMPUTED);
        assertThat(r.slope()).isCloseTo(200, within(1e-9));
        assertThat(r.intercept()).isCloseTo(30, within(1e-9));
        assertThat(r.r2()).isCloseTo(1, within(1e-12));
        assertThat(r.pearsonR()).isCloseTo(1, within(1e-12));
        assertThat(r.slopeCi95()).isCloseTo(0, within(1e-6));
        assertThat(r.pValue()).isCloseTo(0, within(1e-9));
        assertThat(r.n()).isEqualTo(5);
        assertThat(r.runs()).isEqualTo(15);
        assertThat(r.note()).isNull();
    }

    /** Anscombe (1973), data set I: the textbook values y = 3.00 + 0.500·x, r = 0.816, slope SE 0.118, t = 4.24. */
    @Test
    void anscombeQuartetOneGivesTheTextbookFit() {
        double[] x = {10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5};
        double[] y = {8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68};
        Regression r = Regression.fit(x, y, 11, "y");

        assertThat(r.slope()).isCloseTo(0.5001, within(1e-4));
        assertThat(r.intercept()).isCloseTo(3.0001, within(1e-4));
        assertThat(r.pearsonR()).isCloseTo(0.8164, within(1e-4));
        assertThat(r.r2()).isCloseTo(0.6665, within(1e-4));
        // slope SE 0.1179 (textbook 0.118) times t(0.975, 9 df) = 2.2622 (statistical tables)
        assertThat(r.slopeCi95()).isCloseTo(0.11791 * 2.26216, within(1e-4));
        // intercept SE 1.1247 (textbook 1.125)
        assertThat(r.interceptCi95()).isCloseTo(1.12475 * 2.26216, within(1e-3));
        // t = 4.24 on 9 df: p = 0.00217 (textbook)
        assertThat(r.pValue()).isCloseTo(0.00217, within(2e-5));
    }

    /**
     * Four points, 2 degrees of freedom, where Student's t has a closed form: CDF(t) = 1/2 + t / (2√(2 + t²)) and
     * the 0.975 quantile is 0.95 / √(2 · 0.975 · 0.025). Expected values computed here independently of Hipparchus
     * (least squares by hand; cross-checked with numpy.polyfit: slope 48, intercept 35.8).
     */
    @Test
    void smallSampleMatchesTheClosedFormForTwoDegreesOfFreedom() {
        double[] x = {0.1, 0.2, 0.3, 0.5};
        double[] y = {40, 47, 49, 60};
        Regression r = Regression.fit(x, y, 4, "accuracy");

        double mx = (0.1 + 0.2 + 0.3 + 0.5) / 4;
        double my = (40 + 47 + 49 + 60) / 4.0;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < 4; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
        }
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        double sse = 0;
        double sst = 0;
        for (int i = 0; i < 4; i++) {
            double e = y[i] - intercept - slope * x[i];
            sse += e * e;
            sst += (y[i] - my) * (y[i] - my);
        }
        double s2 = sse / 2;
        double seSlope = Math.sqrt(s2 / sxx);
        double seIntercept = Math.sqrt(s2 * (0.25 + mx * mx / sxx));
        double t = slope / seSlope;
        double p = 1 - t / Math.sqrt(2 + t * t);
        double q = 0.95 / Math.sqrt(2 * 0.975 * 0.025);

        assertThat(slope).isCloseTo(48, within(1e-9));
        assertThat(r.slope()).isCloseTo(slope, within(1e-9));
        assertThat(r.intercept()).isCloseTo(intercept, within(1e-9));
        assertThat(r.r2()).isCloseTo(1 - sse / sst, within(1e-12));
        assertThat(r.slopeCi95()).isCloseTo(q * seSlope, within(1e-6));
        assertThat(r.interceptCi95()).isCloseTo(q * seIntercept, within(1e-6));
        assertThat(r.pValue()).isCloseTo(p, within(1e-9));
        assertThat(r.pValue()).isCloseTo(0.010737, within(1e-6));
    }

    @Test
    void twoDatasetsGiveALineButNoUncertainty() {
        Regression r = Regression.fit(new double[] {0.1, 0.3}, new double[] {40, 50}, 6, "accuracy");

        assertThat(r.status()).isEqualTo(Status.ESTIMATE_ONLY);
        assertThat(r.slope()).isCloseTo(50, within(1e-9));
        assertThat(r.intercept()).isCloseTo(35, within(1e-9));
        assertThat(r.slopeCi95()).isNull();
        assertThat(r.r2()).isNull();
        assertThat(r.pValue()).isNull();
        assertThat(r.note()).contains("third");
    }

    @Test
    void oneDatasetOrOneDiversityGiveNoLine() {
        Regression one = Regression.fit(new double[] {0.2}, new double[] {40}, 3, "accuracy");
        assertThat(one.status()).isEqualTo(Status.TOO_FEW_DATASETS);
        assertThat(one.slope()).isNull();
        assertThat(one.note()).isEqualTo("a line needs at least 2 datasets, accuracy has 1");

        Regression flat = Regression.fit(new double[] {0.2, 0.2, 0.2}, new double[] {40, 45, 50}, 3, "accuracy");
        assertThat(flat.status()).isEqualTo(Status.NO_DIVERSITY_SPREAD);
        assertThat(flat.slope()).isNull();
        assertThat(flat.note()).contains("same diversity");
    }

    @Test
    void constantAccuracyIsAFlatLineWithoutR2() {
        Regression r = Regression.fit(new double[] {0.1, 0.2, 0.3}, new double[] {50, 50, 50}, 3, "accuracy");

        assertThat(r.status()).isEqualTo(Status.COMPUTED);
        assertThat(r.slope()).isCloseTo(0, within(1e-12));
        assertThat(r.r2()).isNull();
        assertThat(r.pearsonR()).isNull();
        assertThat(r.pValue()).isNull();
        assertThat(r.note()).contains("same on every dataset");
    }
}
