package com.huifang.testkit;

import com.huifang.postgres.PgUrl;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test class its own empty database on the shared test server, injected as a {@link
 * PgUrl} parameter into test methods, {@code @BeforeAll} and {@code @BeforeEach} alike, and dropped
 * when the class is done.
 *
 * <pre>{@code
 * @ExtendWith(FreshDatabase.class)
 * class LeaseTest {
 *   @Test void two_leasers_never_share_a_task(PgUrl db) { ... }
 * }
 * }</pre>
 */
public final class FreshDatabase implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(FreshDatabase.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    PgServer server = PgServers.shared();
    PgUrl db = server.createDatabase(context.getRequiredTestClass().getSimpleName());
    context.getStore(NS).put(PgUrl.class, db);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    PgUrl db = context.getStore(NS).remove(PgUrl.class, PgUrl.class);
    if (db != null) {
      PgServers.shared().dropDatabase(db);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == PgUrl.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getStore(NS).get(PgUrl.class, PgUrl.class);
  }
}
