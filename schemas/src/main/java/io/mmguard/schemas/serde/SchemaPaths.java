package io.mmguard.schemas.serde;

import org.apache.avro.Schema;

/** Turns the JSON pointers of Avro's compatibility report ("/fields/3/type/items") into field paths ("Quote.bids[]"). */
final class SchemaPaths {
  private SchemaPaths() {}

  static String fromPointer(Schema root, String pointer) {
    StringBuilder path = new StringBuilder(root.getType() == Schema.Type.RECORD ? root.getName() : root.getType().getName());
    Schema current = root;
    String[] tokens = pointer == null ? new String[0] : pointer.split("/");
    try {
      for (int i = 0; i < tokens.length; i++) {
        String token = tokens[i];
        if (token.isEmpty() || token.equals("type")) {
          continue;
        }
        if (token.equals("fields") && i + 1 < tokens.length) {
          Schema.Field field = current.getFields().get(Integer.parseInt(tokens[++i]));
          path.append('.').append(field.name());
          current = field.schema();
        } else if (token.equals("items")) {
          path.append("[]");
          current = current.getElementType();
        } else if (token.equals("values")) {
          path.append("{}");
          current = current.getValueType();
        } else if (current.getType() == Schema.Type.UNION && token.chars().allMatch(Character::isDigit)) {
          current = current.getTypes().get(Integer.parseInt(token));
        } else {
          path.append(" (").append(String.join("/", java.util.Arrays.copyOfRange(tokens, i, tokens.length))).append(')');
          break;
        }
      }
    } catch (RuntimeException unexpectedShape) {
      return pointer;
    }
    return path.toString();
  }
}
