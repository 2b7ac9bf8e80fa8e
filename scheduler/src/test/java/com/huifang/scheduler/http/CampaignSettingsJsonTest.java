package com.huifang.scheduler.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.scheduler.campaign.CampaignSettings;
import com.huifang.scheduler.campaign.PacingMode;
import com.huifang.scheduler.http.CampaignSettingsJson.Parsed;
import com.huifang.scheduler.task.CampaignKind;
import com.huifang.scheduler.window.CallingPeriod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class CampaignSettingsJsonTest {

  @Test
  void a_new_contract_campaign_gets_domain_defaults_four_passes_six_hours_apart() {
    Parsed parsed =
        CampaignSettingsJson.create(
            new JsonObject().put("name", "11月新契约回访").put("kind", "NEW_CONTRACT"));

    CampaignSettings s = ((Parsed.Valid) parsed).settings();
    assertThat(s.maxPasses()).isEqualTo(4);
    assertThat(s.passInterval()).isEqualTo(Duration.ofHours(6));
    assertThat(s.timezone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
    assertThat(s.dailyCap()).isEqualTo(3);
    assertThat(s.ringTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.callingHours().periods()).containsExactly(CallingPeriod.of("10:00", "19:30"));
    assertThat(s.pacing().mode()).isEqualTo(PacingMode.PROGRESSIVE);
    assertThat(CampaignSettingsJson.toJson(s).getBoolean("recording")).isTrue();
  }

  @Test
  void recording_cannot_be_switched_off() {
    JsonObject base = new JsonObject().put("name", "x").put("kind", "NEW_CONTRACT");

    assertThat(fields(base.copy().put("recording", false))).containsExactly("recording");
    assertThat(fields(base.copy().put("recording", "no"))).containsExactly("recording");
    assertThat(fields(base.copy().put("recording", true))).isEmpty();
  }

  @Test
  void satisfaction_surveys_get_three_passes() {
    CampaignSettings s =
        ((Parsed.Valid)
                CampaignSettingsJson.create(
                    new JsonObject().put("name", "满意度").put("kind", "SATISFACTION")))
            .settings();

    assertThat(s.maxPasses()).isEqualTo(3);
  }

  @Test
  void every_given_setting_is_taken_and_round_trips() {
    JsonObject body =
        new JsonObject(
            """
            {"name": "抽检", "kind": "SPOT_CHECK", "timezone": "Asia/Urumqi",
             "callingHours": [{"from": "10:00", "to": "11:00"}, {"from": "14:00", "to": "16:00"}],
             "maxPasses": 5, "passInterval": "PT8H", "ringTimeout": "PT25S", "dailyCap": 2,
             "pacing": {"mode": "PREDICTIVE", "ratio": 1.5, "maxAbandonRate": 0.02},
             "maxChannels": 40, "agentGroup": "spot", "recording": true}
            """);

    CampaignSettings s = ((Parsed.Valid) CampaignSettingsJson.create(body)).settings();

    assertThat(s.callingHours().periods()).hasSize(2);
    assertThat(s.pacing().ratio()).isEqualTo(1.5);
    assertThat(CampaignSettingsJson.toJson(s)).isEqualTo(body);
  }

  @Test
  void all_bad_fields_are_reported_at_once_and_nothing_is_built() {
    JsonObject body =
        new JsonObject(
            """
            {"kind": "COLD_CALL", "timezone": "Mars/Olympus", "passInterval": "6 hours",
             "maxPasses": 2.5, "callingHours": [{"from": "25:00", "to": "26:00"}],
             "pacing": {"mode": "TURBO"}, "colour": "red"}
            """);

    Parsed parsed = CampaignSettingsJson.create(body);

    assertThat(parsed).isInstanceOf(Parsed.Invalid.class);
    assertThat(((Parsed.Invalid) parsed).errors())
        .extracting(FieldError::field)
        .contains("name", "kind", "colour");
  }

  @Test
  void each_bad_setting_names_its_field() {
    JsonObject base = new JsonObject().put("name", "x").put("kind", "NEW_CONTRACT");

    assertThat(fields(base.copy().put("timezone", "Mars/Olympus"))).containsExactly("timezone");
    assertThat(fields(base.copy().put("passInterval", "6 hours"))).containsExactly("passInterval");
    assertThat(fields(base.copy().put("maxPasses", 2.5))).containsExactly("maxPasses");
    assertThat(fields(base.copy().put("pacing", new JsonObject().put("mode", "TURBO"))))
        .containsExactly("mode");
    assertThat(fields(base.copy().put("callingHours", "all day"))).containsExactly("callingHours");
  }

  @Test
  void calling_hours_may_be_narrowed_but_never_widened() {
    JsonObject base = new JsonObject().put("name", "x").put("kind", "NEW_CONTRACT");

    assertThat(fields(base.copy().put("callingHours", hours("09:00", "12:00"))))
        .containsExactly("callingHours");
    assertThat(fields(base.copy().put("callingHours", hours("18:00", "21:00"))))
        .containsExactly("callingHours");
    assertThat(fields(base.copy().put("callingHours", hours("00:00", "23:59"))))
        .containsExactly("callingHours");
    assertThat(
            CampaignSettingsJson.create(base.copy().put("callingHours", hours("10:00", "19:30"))))
        .isInstanceOf(Parsed.Valid.class);
  }

  private static JsonArray hours(String from, String to) {
    return new JsonArray().add(new JsonObject().put("from", from).put("to", to));
  }

  @Test
  void a_ring_timeout_under_twenty_seconds_is_refused() {
    Parsed parsed =
        CampaignSettingsJson.create(
            new JsonObject()
                .put("name", "x")
                .put("kind", "NEW_CONTRACT")
                .put("ringTimeout", "PT10S"));

    assertThat(((Parsed.Invalid) parsed).errors())
        .singleElement()
        .satisfies(e -> assertThat(e.field()).isEqualTo("ringTimeout"));
  }

  @Test
  void a_patch_changes_pacing_and_limits_but_not_name_or_kind() {
    CampaignSettings current = CampaignSettings.defaults("回访", CampaignKind.NEW_CONTRACT);

    Parsed ok =
        CampaignSettingsJson.patch(
            current,
            new JsonObject()
                .put("pacing", new JsonObject().put("mode", "PREDICTIVE"))
                .put("maxChannels", 10));
    Parsed refused = CampaignSettingsJson.patch(current, new JsonObject().put("kind", "RENEWAL"));

    CampaignSettings changed = ((Parsed.Valid) ok).settings();
    assertThat(changed.pacing().mode()).isEqualTo(PacingMode.PREDICTIVE);
    assertThat(changed.maxChannels()).isEqualTo(10);
    assertThat(changed.name()).isEqualTo("回访");
    assertThat(((Parsed.Invalid) refused).errors())
        .extracting(FieldError::field)
        .containsExactly("kind");
  }

  private static List<String> fields(JsonObject body) {
    return switch (CampaignSettingsJson.create(body)) {
      case Parsed.Valid v -> List.of();
      case Parsed.Invalid i -> i.errors().stream().map(FieldError::field).toList();
    };
  }
}
