package com.huifang.dialer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  private static final String API_MD_EXAMPLE =
      """
      {
        "http": {"port": 8080},
        "pg": {"url": "postgresql://postgres@127.0.0.1:5432/dialer"},
        "auth": {"tokens": [{"token": "change-me", "principal": "lin", "role": "supervisor"}]},
        "pbxs": [{"name": "pbx1",
                  "ami": {"host": "127.0.0.1", "port": 5038, "user": "dialer", "secret": "change-me"},
                  "dialPattern": "PJSIP/{number}@carrier", "agentDialPattern": "PJSIP/{extension}",
                  "maxChannels": 60, "recordingsDir": "/var/spool/asterisk/monitor"}]
      }
      """;

  @TempDir Path dir;

  @Test
  void no_file_and_no_environment_gives_the_embedded_defaults() {
    DialerConfig config = ConfigLoader.load(Optional.empty(), Map.of());

    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.pgUrl()).isEmpty();
    assertThat(config.dataDir()).isEqualTo(Path.of("data"));
    assertThat(config.pbxs()).isEmpty();
    assertThat(config.nodeId()).isNotBlank();
  }

  @Test
  void the_example_of_api_md_loads() throws IOException {
    DialerConfig config = ConfigLoader.load(Optional.of(write(API_MD_EXAMPLE)), Map.of());

    assertThat(config.pgUrl().orElseThrow().database()).isEqualTo("dialer");
    assertThat(config.tokens())
        .singleElement()
        .satisfies(t -> assertThat(t.role()).isEqualTo(Role.SUPERVISOR));
    PbxSettings pbx = config.pbxs().getFirst();
    assertThat(pbx.ami().orElseThrow().port()).isEqualTo(5038);
    assertThat(pbx.customerChannel("13800001017")).isEqualTo("PJSIP/13800001017@carrier");
    assertThat(pbx.agentChannel("2001")).isEqualTo("PJSIP/2001");
  }

  @Test
  void environment_variables_override_any_key_including_inside_lists() throws IOException {
    DialerConfig config =
        ConfigLoader.load(
            Optional.of(write(API_MD_EXAMPLE)),
            Map.of(
                "DIALER_HTTP_PORT", "9090",
                "DIALER_PG_URL", "postgresql://app:s3cret@db.internal:6432/calls",
                "DIALER_PBXS_0_AMI_SECRET", "from-vault",
                "DIALER_PBXS_0_DIAL_PATTERN", "SIP/{number}@trunk",
                "PATH", "/usr/bin"));

    assertThat(config.httpPort()).isEqualTo(9090);
    assertThat(config.pgUrl().orElseThrow().password()).isEqualTo("s3cret");
    assertThat(config.pgUrl().orElseThrow().port()).isEqualTo(6432);
    assertThat(config.pbxs().getFirst().ami().orElseThrow().secret()).isEqualTo("from-vault");
    assertThat(config.pbxs().getFirst().dialPattern()).isEqualTo("SIP/{number}@trunk");
  }

  @Test
  void a_whole_list_can_come_from_the_environment_as_json() {
    DialerConfig config =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(
                "DIALER_AUTH_TOKENS",
                "[{\"token\":\"qa-token-1\",\"principal\":\"wang\",\"role\":\"qa\"}]"));

    assertThat(config.tokens())
        .singleElement()
        .satisfies(t -> assertThat(t.principal()).isEqualTo("wang"));
  }

  @Test
  void a_port_that_is_not_a_number_names_the_variable() {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("DIALER_HTTP_PORT", "80a")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("DIALER_HTTP_PORT")
        .hasMessageContaining("80a");
  }

  @Test
  void an_out_of_range_port_in_the_file_names_the_key_path() throws IOException {
    Path file = write(API_MD_EXAMPLE.replace("\"port\": 5038", "\"port\": 70000"));

    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config key 'pbxs[0].ami.port': must be between 1 and 65535, got 70000");
  }

  @Test
  void a_misspelt_key_is_refused_rather_than_ignored() throws IOException {
    Path file = write("{\"htpp\": {\"port\": 1}}");

    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of()))
        .hasMessageStartingWith("config key 'htpp': unknown key");
  }

  @Test
  void an_unknown_environment_variable_in_our_namespace_is_refused() {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("DIALER_HTTP_PROT", "1")))
        .hasMessage("config key 'DIALER_HTTP_PROT': names no configuration key");
  }

  @Test
  void unknown_role_bad_pg_url_and_missing_placeholder_are_each_named() throws IOException {
    Path badRole = write(API_MD_EXAMPLE.replace("\"supervisor\"", "\"boss\""));
    Path badUrl = write(API_MD_EXAMPLE.replace("postgresql://postgres@", "mysql://root@"));
    Path badPattern = write(API_MD_EXAMPLE.replace("PJSIP/{number}@carrier", "PJSIP/carrier"));

    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(badRole), Map.of()))
        .hasMessageContaining("auth.tokens[0].role")
        .hasMessageContaining("boss");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(badUrl), Map.of()))
        .hasMessageContaining("pg.url")
        .hasMessageContaining("mysql");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(badPattern), Map.of()))
        .hasMessage("config key 'pbxs[0].dialPattern': must contain {number}");
  }

  @Test
  void a_pbx_with_both_ami_and_ari_is_refused() throws IOException {
    Path file =
        write(
            API_MD_EXAMPLE.replace(
                "\"dialPattern\"",
                "\"ari\": {\"url\": \"http://127.0.0.1:8088\", \"user\": \"u\", \"password\": \"p\"},"
                    + " \"dialPattern\""));

    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of()))
        .hasMessage("config key 'pbxs[0]': give exactly one of 'ami' or 'ari'");
  }

  @Test
  void a_file_that_is_not_json_says_so() throws IOException {
    Path file = write("http: 8080");

    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of()))
        .hasMessageContaining("is not a JSON object");
  }

  @Test
  void env_names_are_upper_snake_case_of_the_camel_case_keys() {
    assertThat(ConfigLoader.envName("agentDialPattern")).isEqualTo("AGENT_DIAL_PATTERN");
    assertThat(ConfigLoader.envName("url")).isEqualTo("URL");
  }

  private Path write(String json) throws IOException {
    Path file = Files.createTempFile(dir, "config", ".json");
    return Files.writeString(file, json);
  }

  @Test
  void retention_and_holidays_are_configurable_and_a_bad_value_names_its_key() {
    DialerConfig config =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(
                "DIALER_RETENTION",
                "{\"default\": \"P5Y\", \"byProductType\": {\"UNIVERSAL\": \"P10Y\"}}",
                "DIALER_HOLIDAYS",
                "[\"2026-10-01\"]"));

    assertThat(config.retention().standard()).isEqualTo(java.time.Period.ofYears(5));
    assertThat(config.retention().byProductType())
        .containsEntry("UNIVERSAL", java.time.Period.ofYears(10));
    assertThat(config.holidays().isHoliday(java.time.LocalDate.of(2026, 10, 1))).isTrue();
    assertThatThrownBy(
            () -> ConfigLoader.load(Optional.empty(), Map.of("DIALER_RETENTION_DEFAULT", "P2Y")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("retention")
        .hasMessageContaining("P3Y");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of("DIALER_HOLIDAYS", "[\"first of May\"]")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("holidays[0]");
  }
}
