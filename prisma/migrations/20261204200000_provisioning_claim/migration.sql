-- AlterTable
ALTER TABLE "SecretRequest" ADD COLUMN     "provisioningClaimedAt" TIMESTAMPTZ(3),
ADD COLUMN     "provisioningClaimedBy" TEXT;
