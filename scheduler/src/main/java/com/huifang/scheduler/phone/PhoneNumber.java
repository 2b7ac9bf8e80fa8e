package com.huifang.scheduler.phone;

import java.util.Objects;

/**
 * A normalised mainland-China phone number: national digits without {@code +86}, and for a landline
 * an optional extension. {@link #toString()} is masked so a number never reaches a log unmasked by
 * accident; {@link #canonical()} is the stored form.
 */
public record PhoneNumber(Kind kind, String digits, String extension) {

  /** Mobile (11 digits, starting with 1) or landline (0 + area code + 7-8 digits). */
  public enum Kind {
    MOBILE,
    LANDLINE
  }

  public PhoneNumber {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(digits, "digits");
    if (!digits.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("digits must be digits only");
    }
    switch (kind) {
      case MOBILE -> {
        if (digits.length() != 11 || digits.charAt(0) != '1' || extension != null) {
          throw new IllegalArgumentException("a mobile is 11 digits starting with 1, no extension");
        }
      }
      case LANDLINE -> {
        if (digits.length() < 10 || digits.length() > 12 || digits.charAt(0) != '0') {
          throw new IllegalArgumentException("a landline is 0 + area code + 7-8 digits");
        }
      }
    }
    if (extension != null
        && (extension.isEmpty() || !extension.chars().allMatch(Character::isDigit))) {
      throw new IllegalArgumentException("an extension is digits only");
    }
  }

  /** Parses and normalises; throws {@link IllegalArgumentException} with the reason if bad. */
  public static PhoneNumber of(String text) {
    return switch (PhoneNumbers.parse(text)) {
      case PhoneParse.Valid v -> v.number();
      case PhoneParse.Invalid i -> throw new IllegalArgumentException(i.reason());
    };
  }

  /** The stored form: national digits, then {@code -extension} if any. */
  public String canonical() {
    return extension == null ? digits : digits + "-" + extension;
  }

  /** The form for logs, e.g. {@code 138****1017}. */
  public String masked() {
    return PhoneNumbers.mask(digits)
        + (extension == null ? "" : "-" + "*".repeat(extension.length()));
  }

  @Override
  public String toString() {
    return masked();
  }
}
