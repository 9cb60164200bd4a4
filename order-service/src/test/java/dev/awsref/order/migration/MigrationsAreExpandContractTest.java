package dev.awsref.order.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MigrationsAreExpandContractTest {

    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    @Test
    void everyMigrationInThisServiceOnlyExpandsOrIsAMarkedContractStep() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(MIGRATIONS)) {
            files = listing.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            assertThat(ExpandContractRule.violations(
                            file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8)))
                    .as(file.toString())
                    .isEmpty();
        }
    }

    @Test
    void droppingOrRenamingAColumnInOneStepIsCaught() {
        assertThat(ExpandContractRule.violations("V4__tidy.sql", "ALTER TABLE orders DROP COLUMN cancel_reason;"))
                .singleElement()
                .asString()
                .contains("DROP COLUMN");
        assertThat(ExpandContractRule.violations(
                        "V4__tidy.sql", "alter table orders rename column carrier to shipping_carrier;"))
                .isNotEmpty();
        assertThat(ExpandContractRule.violations(
                        "V4__tidy.sql", "ALTER TABLE orders ALTER COLUMN total TYPE numeric(20,2);"))
                .isNotEmpty();
        assertThat(ExpandContractRule.violations("V4__tidy.sql", "DROP TABLE idempotency_keys;"))
                .isNotEmpty();
        assertThat(ExpandContractRule.violations(
                        "V4__tidy.sql", "ALTER TABLE orders ALTER COLUMN carrier SET NOT NULL;"))
                .isNotEmpty();
    }

    @Test
    void aContractStepMarkedWithAnEarlierExpandPasses() {
        String sql = """
                -- contract: expanded in V3 (shipping_carrier added and back-filled; V3's release writes both)
                ALTER TABLE orders DROP COLUMN carrier;
                """;
        assertThat(ExpandContractRule.violations("V5__drop_old_carrier.sql", sql))
                .isEmpty();
        assertThat(ExpandContractRule.violations("V3__drop_old_carrier.sql", sql))
                .singleElement()
                .asString()
                .contains("not earlier");
    }

    @Test
    void expandingStatementsAndCommentsThatMentionDropsPass() {
        String sql = """
                -- later we may DROP COLUMN legacy; not today
                ALTER TABLE orders ADD COLUMN shipping_carrier varchar(64);
                CREATE INDEX orders_by_status ON orders (status);
                """;
        assertThat(ExpandContractRule.violations("V3__add_shipping_carrier.sql", sql))
                .isEmpty();
    }
}
