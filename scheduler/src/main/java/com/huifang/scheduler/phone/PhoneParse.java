package com.huifang.scheduler.phone;

import java.util.Objects;

/** The result of reading a phone number: a normalised number, or why the text is not one. */
public sealed interface PhoneParse {

  record Valid(PhoneNumber number) implements PhoneParse {
    public Valid {
      Objects.requireNonNull(number, "number");
    }
  }

  record Invalid(String reason) implements PhoneParse {
    public Invalid {
      if (reason == null || reason.isBlank()) {
        throw new IllegalArgumentException("an invalid number needs a reason");
      }
    }
  }
}
