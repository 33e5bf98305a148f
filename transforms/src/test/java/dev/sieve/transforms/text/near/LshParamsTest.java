package dev.sieve.transforms.text.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class LshParamsTest {
  private static void assertRejected(Executable call, String expectedInMessage) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(expectedInMessage), e.getMessage());
  }

  @Test
  void sCurveMatchesPublishedValues() {
    assertEquals(0.953, new LshParams(128, 13, 7).probability(0.8), 0.01);
    LshParams datatrove = new LshParams(112, 14, 8);
    assertEquals(0.56, datatrove.probability(0.7), 0.01);
    assertEquals(0.92, datatrove.probability(0.8), 0.01);
    assertEquals(0.68, new LshParams(260, 20, 13).probability(0.8), 0.01);
  }

  @Test
  void probabilityEndpointsAndMonotonicity() {
    LshParams p = new LshParams(128, 16, 8);
    assertEquals(0.0, p.probability(0.0));
    assertEquals(1.0, p.probability(1.0));
    double previous = -1;
    for (int i = 0; i <= 100; i++) {
      double v = p.probability(i / 100.0);
      assertTrue(v >= previous, "not monotone at s = " + i / 100.0);
      previous = v;
    }
  }

  @Test
  void thresholdIsTheKnee() {
    assertEquals(Math.pow(1.0 / 14, 1.0 / 8), new LshParams(112, 14, 8).threshold(), 1e-12);
    assertEquals(0.719, new LshParams(112, 14, 8).threshold(), 0.001);
    assertEquals(1.0, new LshParams(10, 1, 10).threshold(), 1e-12);
  }

  @Test
  void deriveReachesTheRecallWithinTheBudget() {
    LshParams p = LshParams.derive(0.8, 128, 0.95);
    assertEquals(128, p.permutations());
    assertTrue(p.bands() * p.rows() <= 128, p.toString());
    assertTrue(p.probability(0.8) >= 0.95, p.toString());
    // With these inputs the optimum is the classic 13 x 7.
    assertEquals(new LshParams(128, 13, 7), p);
  }

  @Test
  void deriveMinimizesTheFalsePositiveMassOverAllFeasibleBandings() {
    double[] thresholds = {0.6, 0.8, 0.9};
    int[] budgets = {9, 50, 128};
    double[] recalls = {0.5, 0.95};
    for (double t : thresholds) {
      for (int k : budgets) {
        for (double recall : recalls) {
          double bestMass = Double.POSITIVE_INFINITY;
          for (int r = 1; r <= k; r++) {
            for (int b = 1; b * r <= k; b++) {
              if (LshParams.candidateProbability(t, b, r) >= recall) {
                bestMass = Math.min(bestMass, LshParams.falsePositiveMass(t, b, r));
              }
            }
          }
          LshParams p = LshParams.derive(t, k, recall);
          String where = "t=" + t + " k=" + k + " recall=" + recall + " -> " + p;
          assertTrue(p.probability(t) >= recall, where);
          assertEquals(bestMass, p.falsePositiveMass(t), 0.0, where);
        }
      }
    }
  }

  @Test
  void deriveFallsBackToTheHighestRecall() {
    // One permutation: only 1 x 1 exists, P(0.5) = 0.5 < 0.9.
    assertEquals(new LshParams(1, 1, 1), LshParams.derive(0.5, 1, 0.9));
    // Four permutations at t = 0.3: the best reachable is 4 x 1, P = 1 - 0.7^4 = 0.76.
    LshParams p = LshParams.derive(0.3, 4, 0.99);
    assertEquals(new LshParams(4, 4, 1), p);
  }

  @Test
  void sCurveTableRunsFromHalfToNinetyFivePercent() {
    LshParams p = new LshParams(128, 13, 7);
    double[][] curve = p.sCurve();
    assertEquals(10, curve.length);
    assertEquals(0.5, curve[0][0]);
    assertEquals(0.95, curve[9][0]);
    assertEquals(0.8, curve[6][0]);
    assertEquals(p.probability(0.8), curve[6][1]);
    double[][] custom = p.curve(0.0, 1.0, 0.25);
    assertEquals(5, custom.length);
    assertEquals(1.0, custom[4][0]);
    assertEquals(1.0, custom[4][1]);
  }

  @Test
  void preconditionsNameTheBadValue() {
    assertRejected(() -> new LshParams(0, 1, 1), "got 0");
    assertRejected(() -> new LshParams(8, -2, 1), "got -2");
    assertRejected(() -> new LshParams(8, 1, 0), "got 0");
    assertRejected(() -> new LshParams(100, 11, 10), "11 * 10 = 110 exceeds the 100");
    assertRejected(() -> new LshParams(8, 2, 2).probability(1.5), "got 1.5");
    assertRejected(() -> LshParams.derive(1.0, 128, 0.9), "got 1.0");
    assertRejected(() -> LshParams.derive(0.0, 128, 0.9), "got 0.0");
    assertRejected(() -> LshParams.derive(0.8, 0, 0.9), "got 0");
    assertRejected(() -> LshParams.derive(0.8, 128, 0.0), "got 0.0");
    assertRejected(() -> LshParams.derive(0.8, 128, 1.2), "got 1.2");
    assertRejected(() -> new LshParams(8, 2, 2).curve(0.2, 0.1, 0.05), "got 0.1");
    assertRejected(() -> new LshParams(8, 2, 2).curve(0.1, 0.2, 0.0), "got 0.0");
  }
}
