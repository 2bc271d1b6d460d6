-- AlterTable
ALTER TABLE "SecretRequest" ADD COLUMN     "annotations" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "keyPolicies" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "labels" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "useDataFrom" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "username" TEXT;
