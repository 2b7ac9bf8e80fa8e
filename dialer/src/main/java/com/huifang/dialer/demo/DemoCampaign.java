package com.huifang.dialer.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generated import for the demo and the end-to-end tests: policyholders with Chinese names, every
 * case type and issue month, one to four numbers each whose last four digits pick a fate from the
 * simulated PBX's number plan in realistic shares (answer, busy, no answer, switched off, empty,
 * congestion, rejected, early hang-up), some policyholders with two policies (one merged call),
 * three holders sharing one number, and a few malformed rows.
 */
public final class DemoCampaign {

  private static final String[] SURNAMES = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"
  };
  private static final String[] GIVEN = {
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛"
  };
  private static final String[] PRODUCTS = {"TRADITIONAL", "PARTICIPATING", "UNIVERSAL"};

  private DemoCampaign() {}

  /** The last four digits of a number, drawn with the shares of a real callback campaign. */
  static String fate(Random r) {
    int roll = r.nextInt(100);
    if (roll < 35) {
      return String.format("11%02d", 2 + r.nextInt(8)); // answers after 2-9 s
    }
    if (roll < 45) {
      return String.format("13%02d", 40 + r.nextInt(50)); // answers, talks 40-89 s
    }
    if (roll < 52) {
      // answers and hangs up at once (1300) or within 2 s, before or as an agent is bridged
      return "130" + r.nextInt(3);
    }
    if (roll < 67) {
      return "1017"; // busy
    }
    if (roll < 77) {
      return "1019"; // rings out
    }
    if (roll < 82) {
      return "1020"; // switched off
    }
    if (roll < 87) {
      return "1001"; // empty number
    }
    if (roll < 91) {
      return "1034"; // congestion
    }
    return "1021"; // rejected
  }

  /**
   * {@code policies} NDJSON rows (about 2 % malformed) for a campaign running at {@code now}.
   *
   * @param thisMonth the campaign zone's month at {@code now}
   */
  public static List<String> ndjson(int policies, long seed, Instant now, ZoneId zone) {
    Random r = new Random(seed);
    YearMonth thisMonth = YearMonth.from(now.atZone(zone));
    List<String> rows = new ArrayList<>(policies);
    String shared = "1391234" + fate(r);
    int holder = 0;
    while (rows.size() < policies) {
      holder++;
      String holderId = String.format("H%06d", holder);
      String name = SURNAMES[r.nextInt(SURNAMES.length)] + GIVEN[r.nextInt(GIVEN.length)];
      JsonArray phones = new JsonArray();
      int count = pick(r, 60, 25, 10, 5) + 1;
      for (int i = 0; i < count; i++) {
        phones.add(String.format("13%d%04d%s", 5 + r.nextInt(5), r.nextInt(10_000), fate(r)));
      }
      if (holder <= 3) {
        phones.add(shared); // three holders share one number: a duplicate for the branch
        while (phones.size() > 4) {
          phones.remove(0);
        }
      }
      int policiesOfHolder = r.nextInt(100) < 10 ? 2 : 1;
      for (int p = 0; p < policiesOfHolder && rows.size() < policies; p++) {
        JsonObject row =
            new JsonObject()
                .put(
                    "policyNo",
                    String.format(
                        "P%s%07d", thisMonth.toString().replace("-", ""), rows.size() + 1))
                .put("holderName", name)
                .put("holderId", holderId)
                .put("phones", phones.copy())
                .put("productType", PRODUCTS[(p + r.nextInt(3)) % PRODUCTS.length])
                .put("agentCode", "A" + (100 + r.nextInt(50)))
                .put("branch", List.of("上海分公司", "北京分公司", "深圳分公司").get(r.nextInt(3)));
        int kind = r.nextInt(100);
        if (kind < 80) {
          Instant receipt = now.minusSeconds(3600L * (1 + r.nextInt(72)));
          row.put("caseType", "NEW")
              .put("receiptAt", receipt.atZone(zone).toOffsetDateTime().toString())
              .put(
                  "coolingOffEnd",
                  receipt.plusSeconds(15 * 86_400L).atZone(zone).toOffsetDateTime().toString());
        } else if (kind < 85) {
          row.put("caseType", "VERIFICATION")
              .put("issuedMonth", thisMonth.minusMonths(1).toString());
        } else {
          row.put("caseType", r.nextBoolean() ? "PROBLEM" : "SUB_STANDARD")
              .put("issuedMonth", thisMonth.minusMonths(1 + r.nextInt(4)).toString());
        }
        if (r.nextInt(100) < 2) {
          if (r.nextBoolean()) {
            row.put("phones", new JsonArray().add("12345"));
          } else {
            row.remove("holderName");
          }
        }
        rows.add(row.encode());
      }
    }
    return rows;
  }

  private static int pick(Random r, int... weights) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int roll = r.nextInt(total);
    for (int i = 0; i < weights.length; i++) {
      roll -= weights[i];
      if (roll < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }
}
