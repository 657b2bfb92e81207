package io.wxgate.store;

import io.wxgate.WxgateException;
import java.sql.SQLException;

/** The database failed (connection lost, constraint broken, SQL error); carries the SQLSTATE. */
public final class StoreException extends WxgateException {
  private final String sqlState;

  public StoreException(String message, SQLException cause) {
    super(message + ": " + cause.getMessage(), cause);
    this.sqlState = cause.getSQLState();
  }

  /** The five-character SQLSTATE, or null when the driver gave none. */
  public String sqlState() {
    return sqlState;
  }
}
