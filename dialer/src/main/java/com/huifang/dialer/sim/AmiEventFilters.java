package com.huifang.dialer.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The event filters of one AMI session, kept and applied as Asterisk 20's {@code manager.c} does
 * for the {@code Filter} action and for {@code eventfilter} lines of {@code manager.conf}.
 *
 * <p>A legacy filter is a POSIX extended regex over the whole event text, {@code !} in front to
 * exclude. An advanced filter is {@code
 * eventfilter(action(include|exclude),name(Event),header(Header),method(regex|exact|starts_with|ends_with|contains|none))}
 * with any of the four options; {@code name} compares the event's name exactly, {@code header}
 * tests the value of each line starting with that header. With include filters only, an event is
 * sent when one matches; with exclude filters only, when none does; with both, when an include
 * matches and no exclude does; with none, always.
 *
 * <p>Regexes run as Java patterns with {@code .} matching line ends and {@code ^}/{@code $} only at
 * the ends of the text, as {@code regexec} without {@code REG_NEWLINE}; POSIX classes such as
 * {@code [[:space:]]} are translated.
 */
public final class AmiEventFilters {

  /** What {@code manager_add_filter} returns. */
  public enum Result {
    SUCCESS,
    FORMAT_ERROR,
    COMPILE_FAIL
  }

  enum Method {
    REGEX,
    EXACT,
    STARTS_WITH,
    ENDS_WITH,
    CONTAINS,
    NONE
  }

  /**
   * One filter (whether it includes or excludes is the list it is in); {@code name} and {@code
   * header} are null when not given.
   */
  record Entry(String name, String header, Method method, String text, Pattern regex) {

    boolean matches(String eventName, Supplier<String> eventData) {
      if (name != null && !name.equals(eventName)) {
        return false;
      }
      if (method == Method.NONE && header == null) {
        return true;
      }
      if (header == null) {
        return matchesText(eventData.get());
      }
      for (String line : eventData.get().split("\r?\n", -1)) {
        if (line.startsWith(header)) {
          String value = line.substring(header.length()).stripLeading();
          if (!value.isEmpty() && matchesText(value)) {
            return true;
          }
        }
      }
      return false;
    }

    private boolean matchesText(String data) {
      return switch (method) {
        case REGEX -> regex.matcher(data).find();
        case EXACT -> data.equals(text);
        case STARTS_WITH -> data.startsWith(text);
        case ENDS_WITH -> data.endsWith(text);
        case CONTAINS -> data.contains(text);
        case NONE -> true;
      };
    }
  }

  private static final Pattern POSIX_CLASS =
      Pattern.compile(
          "\\[:(alpha|digit|alnum|upper|lower|punct|space|blank|cntrl|xdigit|print|graph):]");

  private final List<Entry> include = new ArrayList<>();
  private final List<Entry> exclude = new ArrayList<>();

  /**
   * The {@code Filter} action: {@code null} when the filter was added (Asterisk acknowledges with
   * {@code Message: Success}), else the error message Asterisk sends.
   */
  public String filterAction(String operation, String matchCriteria, String filter) {
    if (!"add".equals(operation.toLowerCase(Locale.ROOT))) {
      return "Unknown operation";
    }
    String criteria =
        matchCriteria.isEmpty() ? "eventfilter" : "eventfilter(" + matchCriteria + ")";
    return switch (add(criteria, filter)) {
      case SUCCESS -> null;
      case COMPILE_FAIL -> "Filter did not compile.  Check the syntax of the filter given.";
      case FORMAT_ERROR ->
          "Filter was formatted incorrectly.  Check the syntax of the filter given.";
    };
  }

  /** Adds {@code criteria = pattern} as a {@code manager.conf} line would. */
  public Result add(String criteria, String pattern) {
    boolean excluded = false;
    String text = pattern;
    if (text.startsWith("!")) {
      excluded = true;
      text = text.substring(1);
    }
    int open = criteria.indexOf('(');
    if (open < 0) {
      if (text.isEmpty()) {
        return Result.FORMAT_ERROR;
      }
      return link(excluded, null, null, Method.REGEX, text);
    }
    String options = criteria.substring(open + 1).strip();
    if (options.isEmpty() || !options.endsWith(")")) {
      return Result.FORMAT_ERROR;
    }
    String name = null;
    String header = null;
    Method method = Method.NONE;
    boolean found = false;
    for (String option : options.split("[ ,)]+")) {
      if (option.isEmpty()) {
        continue;
      }
      int paren = option.indexOf('(');
      String value = paren < 0 ? "" : option.substring(paren + 1).strip();
      if (option.startsWith("action")) {
        switch (value) {
          case "include" -> excluded = false;
          case "exclude" -> excluded = true;
          default -> {
            return Result.FORMAT_ERROR;
          }
        }
      } else if (option.startsWith("name")) {
        if (value.isEmpty()) {
          return Result.FORMAT_ERROR;
        }
        name = value;
      } else if (option.startsWith("header")) {
        if (value.isEmpty()) {
          return Result.FORMAT_ERROR;
        }
        header = value.endsWith(":") ? value : value + ":";
      } else if (option.startsWith("method")) {
        Method m = method(value);
        if (m == null) {
          return Result.FORMAT_ERROR;
        }
        method = m;
      } else {
        return Result.FORMAT_ERROR;
      }
      found = true;
    }
    if (!found
        || (text.isEmpty() && method != Method.NONE)
        || (!text.isEmpty() && method == Method.NONE)
        || (name == null && header == null && method == Method.NONE)) {
      return Result.FORMAT_ERROR;
    }
    return link(excluded, name, header, method, text);
  }

  /**
   * Whether an event of this name and text (as sent, CRLF line ends) goes to the session; the text
   * is asked for only when a filter reads it.
   */
  public boolean shouldSend(String eventName, Supplier<String> eventData) {
    if (include.isEmpty() && exclude.isEmpty()) {
      return true;
    }
    if (!include.isEmpty() && include.stream().noneMatch(f -> f.matches(eventName, eventData))) {
      return false;
    }
    return exclude.stream().noneMatch(f -> f.matches(eventName, eventData));
  }

  private static Method method(String value) {
    return switch (value) {
      case "regex" -> Method.REGEX;
      case "exact" -> Method.EXACT;
      case "starts_with" -> Method.STARTS_WITH;
      case "ends_with" -> Method.ENDS_WITH;
      case "contains" -> Method.CONTAINS;
      case "none" -> Method.NONE;
      default -> null;
    };
  }

  private Result link(boolean excluded, String name, String header, Method method, String text) {
    Pattern regex = null;
    if (method == Method.REGEX) {
      try {
        regex = Pattern.compile(javaRegex(text), Pattern.DOTALL);
      } catch (PatternSyntaxException e) {
        return Result.COMPILE_FAIL;
      }
    }
    (excluded ? exclude : include).add(new Entry(name, header, method, text, regex));
    return Result.SUCCESS;
  }

  private static String javaRegex(String posix) {
    Matcher m = POSIX_CLASS.matcher(posix);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String cls = m.group(1);
      String java =
          cls.equals("xdigit") ? "XDigit" : Character.toUpperCase(cls.charAt(0)) + cls.substring(1);
      m.appendReplacement(sb, Matcher.quoteReplacement("\\p{" + java + "}"));
    }
    return m.appendTail(sb).toString();
  }
}
