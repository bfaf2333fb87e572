package dev.tokenkit.benchmarks;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source counting the SQL statements prepared on its connections (one per query) while
 * {@code counting} holds, and apart those prepared while {@code management} holds.
 */
final class CountingDataSource implements DataSource {

  final AtomicLong statements = new AtomicLong();
  final AtomicLong managementStatements = new AtomicLong();
  private final DataSource delegate;
  private final BooleanSupplier counting;
  private final BooleanSupplier management;

  CountingDataSource(DataSource delegate, BooleanSupplier counting, BooleanSupplier management) {
    this.delegate = delegate;
    this.counting = counting;
    this.management = management;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return counting(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return counting(delegate.getConnection(user, password));
  }

  private Connection counting(Connection connection) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              String name = method.getName();
              if ((name.equals("prepareStatement") || name.equals("createStatement"))
                  && counting.getAsBoolean()) {
                statements.incrementAndGet();
                if (management.getAsBoolean()) {
                  managementStatements.incrementAndGet();
                }
              }
              try {
                return method.invoke(connection, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return delegate.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return delegate.isWrapperFor(type);
  }
}
