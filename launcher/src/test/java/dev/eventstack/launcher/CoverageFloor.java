package dev.eventstack.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Run by {@code mvn verify} after the merged JaCoCo report: prints line and branch coverage per
 * module and fails the build when the lines covered overall fall below the floor in the pom.
 */
public final class CoverageFloor {

  private CoverageFloor() {}

  public static void main(String[] args) throws IOException {
    Path csv = Path.of(args[0]);
    double floor = Double.parseDouble(args[1]);
    // GROUP,PACKAGE,CLASS,INSTRUCTION_MISSED,INSTRUCTION_COVERED,BRANCH_MISSED,BRANCH_COVERED,
    // LINE_MISSED,LINE_COVERED,...
    Map<String, long[]> byModule = new TreeMap<>();
    List<String> rows = Files.readAllLines(csv);
    for (String row : rows.subList(1, rows.size())) {
      String[] cells = row.split(",");
      long[] totals = byModule.computeIfAbsent(cells[0], m -> new long[4]);
      totals[0] += Long.parseLong(cells[7]);
      totals[1] += Long.parseLong(cells[8]);
      totals[2] += Long.parseLong(cells[5]);
      totals[3] += Long.parseLong(cells[6]);
    }
    long[] all = new long[4];
    System.out.println("coverage (lines, branches) per module:");
    for (Map.Entry<String, long[]> module : byModule.entrySet()) {
      long[] t = module.getValue();
      System.out.printf(
          "  %-20s lines %5.1f %%  branches %5.1f %%%n",
          module.getKey(), share(t[1], t[0]), share(t[3], t[2]));
      for (int i = 0; i < 4; i++) {
        all[i] += t[i];
      }
    }
    double lines = share(all[1], all[0]);
    System.out.printf(
        "  %-20s lines %5.1f %%  branches %5.1f %%  (floor: %.0f %% lines)%n",
        "all", lines, share(all[3], all[2]), floor);
    if (lines < floor) {
      throw new IllegalStateException(
          String.format("line coverage %.1f %% is below the floor of %.0f %%", lines, floor));
    }
  }

  private static double share(long covered, long missed) {
    return covered + missed == 0 ? 100.0 : 100.0 * covered / (covered + missed);
  }
}
