// Errors in the shape the AWS JSON 1.1 protocol sends them: an HTTP status, a `__type`
// that the SDK maps to an exception class, and a message.

export class AwsError extends Error {
  readonly type: string;
  readonly status: number;

  // Secrets Manager's modelled exceptions carry a `Message` member; errors raised by the
  // AWS request front end (authentication, routing, validation, throttling) use `message`.
  readonly messageKey: "Message" | "message";

  constructor(type: string, message: string, options: { status?: number; messageKey?: "Message" | "message" } = {}) {
    super(message);
    this.name = type;
    this.type = type;
    this.status = options.status ?? 400;
    this.messageKey = options.messageKey ?? "Message";
  }

  toBody(): Record<string, string> {
    return { __type: this.type, [this.messageKey]: this.message };
  }
}

export function secretNotFound(): AwsError {
  return new AwsError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
}

export function invalidParameter(message: string): AwsError {
  return new AwsError("InvalidParameterException", message);
}

export function invalidRequest(message: string): AwsError {
  return new AwsError("InvalidRequestException", message);
}

export function markedForDeletion(): AwsError {
  return invalidRequest("You can't perform this operation on the secret because it was marked for deletion.");
}

export function versionExists(): AwsError {
  return new AwsError(
    "ResourceExistsException",
    "You can't modify an existing version, you can only create a new version.",
  );
}

export function frontEndError(type: string, message: string, status = 400): AwsError {
  return new AwsError(type, message, { status, messageKey: "message" });
}

export function serializationError(message: string): AwsError {
  return frontEndError("SerializationException", message);
}

export function internalServiceError(): AwsError {
  return new AwsError("InternalServiceError", "An error occurred on the server side.", { status: 500 });
}
