package com.huifang.dialer.service;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MaskingMessageConverterTest {

  /** The fields of an event as asterisk-java's slow-event warning prints them. */
  private static final String EVENT =
      "NewCallerIdEvent[channel='PJSIP/13800001017@carrier-00000001',calleridnum='13800001017',"
          + "connectedlinenum='+8613912345678',exten='1017',uniqueid='1764000000.12']";

  @Test
  void the_service_log_masks_libraries_lines_and_passes_its_own() throws Exception {
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      // the service's own configuration, not the tests' logback-test.xml
      System.setProperty(
          ContextInitializer.CONFIG_FILE_PROPERTY,
          MaskingMessageConverter.class.getResource("/logback.xml").toString());
      new ContextInitializer(context).autoConfig();
      context
          .getLogger("org.asteriskjava.manager.internal.ManagerConnectionImpl")
          .warn("Slow processing of event {}", EVENT);
      context.getLogger("com.huifang.dialer.engine.Placer").info("event=imported tasks=1000000");
    } finally {
      context.stop();
      System.clearProperty(ContextInitializer.CONFIG_FILE_PROPERTY);
      System.setOut(stdout);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .contains("calleridnum='138****1017'")
        .doesNotContain("13800001017")
        .doesNotContain("13912345678")
        .contains("event=imported tasks=1000000");
  }
}
