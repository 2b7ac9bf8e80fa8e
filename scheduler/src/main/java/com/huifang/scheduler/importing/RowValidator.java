package com.huifang.scheduler.importing;

import com.huifang.scheduler.phone.PhoneNumber;
import com.huifang.scheduler.phone.PhoneNumbers;
import com.huifang.scheduler.phone.PhoneParse;
import com.huifang.scheduler.task.CaseType;
import com.huifang.scheduler.task.ProductType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Turns a raw row into a {@link TaskImport}, collecting every error of the row. */
final class RowValidator {

  private final long line;
  private final RawRow row;
  private final List<RowError> errors = new ArrayList<>();

  private RowValidator(RawRow row) {
    this.line = row.line();
    this.row = row;
  }

  static RowResult validate(RawRow row) {
    return new RowValidator(row).run();
  }

  private RowResult run() {
    // PostgreSQL text cannot hold NUL, and no field of a policy has a control character
    row.fields()
        .forEach(
            (field, value) -> {
              if (value != null && value.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
                error(field, "contains a control character");
              }
            });
    String policyNo = required("policyNo");
    String holderName = required("holderName");
    String holderId = required("holderId");
    CaseType caseType = enumOf("caseType", CaseType.class);
    YearMonth issuedMonth = month("issuedMonth");
    if (issuedMonth == null
        && (caseType == CaseType.PROBLEM || caseType == CaseType.SUB_STANDARD)
        && row.get("issuedMonth") == null) {
      error("issuedMonth", "required for a " + caseType + " case");
    }
    Instant receiptAt = instant("receiptAt");
    Instant coolingOffEnd = instant("coolingOffEnd");
    if (receiptAt != null && coolingOffEnd != null && coolingOffEnd.isBefore(receiptAt)) {
      // the deadline would be before the receipt, and the task overdue before it was due
      error("coolingOffEnd", "before receiptAt: the cooling-off period starts at the receipt");
    }
    ProductType productType = enumOf("productType", ProductType.class);
    String agentCode = row.get("agentCode");
    PhoneNumber agentPhone =
        row.get("agentPhone") == null ? null : phone("agentPhone", row.get("agentPhone"));
    String branch = row.get("branch");
    Instant appointmentAt = instant("appointmentAt");
    boolean optOut = bool("optOut");
    boolean selfInsured = bool("selfInsured");
    Instant cancelledAt = instant("cancelledAt");
    List<PhoneNumber> phones = phones(optOut);
    if (!errors.isEmpty()) {
      return new RowResult.Rejected(line, errors);
    }
    return new RowResult.Accepted(
        line,
        new TaskImport(
            policyNo,
            holderName,
            holderId,
            phones,
            caseType,
            issuedMonth,
            receiptAt,
            coolingOffEnd,
            productType,
            agentCode,
            agentPhone,
            branch,
            appointmentAt,
            optOut,
            selfInsured,
            cancelledAt));
  }

  private List<PhoneNumber> phones(boolean optOut) {
    List<RawRow.RawPhone> given =
        row.phones().stream().filter(p -> p.text() != null && !p.text().isBlank()).toList();
    if (given.size() > TaskImport.MAX_PHONES) {
      error("phones", "at most " + TaskImport.MAX_PHONES + " numbers, found " + given.size());
      return List.of();
    }
    if (given.isEmpty() && !optOut) {
      error("phones", "missing: at least one number is required");
    }
    List<PhoneNumber> phones = new ArrayList<>(given.size());
    for (RawRow.RawPhone p : given) {
      PhoneNumber n = phone(p.field(), p.text());
      if (n != null) {
        phones.add(n);
      }
    }
    return phones;
  }

  private PhoneNumber phone(String field, String text) {
    return switch (PhoneNumbers.parse(text)) {
      case PhoneParse.Valid v -> v.number();
      case PhoneParse.Invalid i -> {
        error(field, "bad number " + PhoneNumbers.maskRaw(text) + ": " + i.reason());
        yield null;
      }
    };
  }

  private String required(String field) {
    String v = row.get(field);
    if (v == null) {
      error(field, "missing");
    }
    return v;
  }

  private <E extends Enum<E>> E enumOf(String field, Class<E> type) {
    String v = required(field);
    if (v == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, v);
    } catch (IllegalArgumentException e) {
      error(field, "unknown value '" + v + "'; one of " + Arrays.toString(type.getEnumConstants()));
      return null;
    }
  }

  private YearMonth month(String field) {
    String v = row.get(field);
    if (v == null) {
      return null;
    }
    try {
      return YearMonth.parse(v);
    } catch (DateTimeParseException e) {
      error(field, "not a month like 2026-10: '" + v + "'");
      return null;
    }
  }

  private Instant instant(String field) {
    String v = row.get(field);
    if (v == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      error(field, "not an ISO-8601 time with offset like 2026-11-23T10:00:00+08:00: '" + v + "'");
      return null;
    }
  }

  private boolean bool(String field) {
    String v = row.get(field);
    if (v == null) {
      return false;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> {
        error(field, "not true or false: '" + v + "'");
        yield false;
      }
    };
  }

  private void error(String field, String reason) {
    errors.add(new RowError(line, field, reason));
  }
}
