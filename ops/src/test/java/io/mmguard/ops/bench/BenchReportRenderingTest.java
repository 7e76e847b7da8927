package io.mmguard.ops.bench;

import static io.mmguard.ops.bench.BenchReports.aReport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportRenderingTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theJsonObjectLeadsWithTheFiveHeadlineFiguresUnderTheirContractKeys() throws Exception {
        JsonNode object = json.readTree(JsonReport.render(aReport().withEosLiveP99(41).withFlatOutRates(30_000, 100_000).build()));

        assertThat(List.copyOf(iterable(object.fieldNames())).subList(0, 5))
                .containsExactly("e2e_p99_ms_eos", "e2e_p99_ms_alos", "throughput_ratio", "kill_p99_ms", "quote_mops");
        assertThat(object.get("e2e_p99_ms_eos").asDouble()).isEqualTo(41.0);
        assertThat(object.get("e2e_p99_ms_alos").asDouble()).isEqualTo(8.0);
        assertThat(object.get("throughput_ratio").asDouble()).isCloseTo(0.3, within(1e-9));
        assertThat(object.get("kill_p99_ms").asDouble()).isEqualTo(44.0);
        assertThat(object.get("quote_mops").asDouble()).isEqualTo(52.5);
    }

    @Test
    void theJsonCarriesTargetsMachineBaselinesRatesAndCpuPerService() throws Exception {
        JsonNode object = json.readTree(JsonReport.render(aReport().withKillP99(60).build()));

        assertThat(object.at("/targets/e2e_p99_ms_eos/met").asBoolean()).isTrue();
        assertThat(object.at("/targets/kill_p99_ms/met").asBoolean()).isFalse();
        assertThat(object.at("/targets/throughput_ratio/min").asDouble()).isEqualTo(0.25);
        assertThat(object.get("targets_met").asBoolean()).isFalse();
        assertThat(object.at("/machine/cores").asInt()).isEqualTo(2);
        assertThat(object.at("/machine/java_version").asText()).isEqualTo("17.0.13");
        assertThat(object.at("/baselines/one_hop_eos/flat_out_rec_per_s").asDouble()).isEqualTo(100_000.0);
        assertThat(object.at("/baselines/passthrough/latency/p99_ms").asDouble()).isEqualTo(3.0);
        assertThat(object.at("/pipeline/eos/rates/1/offered_per_s").asInt()).isEqualTo(2_000);
        assertThat(object.at("/pipeline/eos/rates/1/latency/book_to_live_order/p99_ms").asDouble()).isEqualTo(41.0);
        assertThat(object.at("/pipeline/eos/rates/1/sustained").asBoolean()).isTrue();
        assertThat(object.at("/pipeline/eos/flat_out/risk_stale_ms").asText()).isEqualTo(PipelineRun.FLAT_OUT_STALE_MS);
        assertThat(object.at("/cpu_s_per_1k/eos/quoter").asDouble()).isCloseTo(0.04, within(1e-9));
        assertThat(object.at("/cpu_s_per_1k/alos/risk-gate").asDouble()).isCloseTo(0.05, within(1e-9));
        assertThat(object.at("/kill/cancel_all/p99_ms").asDouble()).isEqualTo(60.0);
    }

    @Test
    void aFailedPhaseRendersNullFiguresAndAMissedTargetWithItsNote() throws Exception {
        BenchReport report = aReport().withoutAlos().build();

        JsonNode object = json.readTree(JsonReport.render(report));

        assertThat(object.get("e2e_p99_ms_alos").isNull()).isTrue();
        assertThat(object.at("/targets/e2e_p99_ms_alos/met").asBoolean()).isFalse();
        assertThat(object.at("/pipeline/alos").isNull()).isTrue();
        assertThat(object.get("notes").toString()).contains("at_least_once failed");
        assertThat(String.join("\n", TableReport.lines(report))).contains("pipeline ALOS: not measured")
                .contains("MISSED  e2e_p99_ms_alos");
    }

    @Test
    void theTablePrintsEveryFigureBesideItsBaselineAndTheRatio() {
        List<String> lines = TableReport.lines(aReport().withEosLiveP99(412).withOneHopEosP99(35).withFlatOutRates(20_000, 100_000).build());
        String table = String.join("\n", lines);

        assertThat(table).contains(" 2000/s book->live order p50 206 ms p99 412 ms").contains("| one-hop EOS p99 35.0 ms | ×11.8");
        assertThat(table).contains("20,000/s | one-hop EOS flat out 100,000/s | ×0.20");
        assertThat(table).contains("one-hop EOS    flat out    100,000/s | plain copy 400,000/s | ×0.25");
        assertThat(table).contains("CANCEL_ALL readable p50 20.0 ms p99 44.0 ms").contains("| one-hop EOS p99 35.0 ms | ×1.26");
        assertThat(table).contains("52.5 ± 1.2 M quotes/s/core, 0.000 B/op | target 10 M/s | ×5.25");
        assertThat(table).contains("MISSED  e2e_p99_ms_eos").contains("MET     e2e_p99_ms_alos").contains("MISSED  throughput_ratio")
                .contains("MET     quote_mops");
    }

    private static <T> List<T> iterable(java.util.Iterator<T> iterator) {
        List<T> list = new java.util.ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }
}
