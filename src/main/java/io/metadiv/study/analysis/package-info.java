/**
 * The analysis core of a study: several methods (HO-MAML, FO-MAML, PT) trained on several datasets of known
 * diversity. It answers three questions, each with its uncertainty: does accuracy follow diversity
 * ({@link io.metadiv.study.analysis.MethodTrend}), does MAML turn diversity into accuracy better than PT
 * ({@link io.metadiv.study.analysis.SlopeComparison}, {@link io.metadiv.study.analysis.DatasetGap}), and at what
 * cost ({@link io.metadiv.study.analysis.Cost}); {@link io.metadiv.study.analysis.Verdict} checks them against
 * {@link io.metadiv.study.analysis.Criteria} in plain sentences. Entry point:
 * {@link io.metadiv.study.analysis.StudyAnalysis#of}; plots: {@link io.metadiv.study.analysis.StudyPlots}.
 *
 * <p>Pure Java (Hipparchus for the statistics, XChart for the plots), no Spring. Every result is an immutable
 * record whose missing values are null, never NaN, so that it serialises to plain JSON. Accuracies are
 * percentage points throughout (an observation's fraction times 100).
 */
package io.metadiv.study.analysis;
