-- AlterEnum
ALTER TYPE "RequestStatus" ADD VALUE 'AWAITING_VALUE';

-- AlterTable
ALTER TABLE "SecretRequest" ADD COLUMN     "certificateIssuer" TEXT,
ADD COLUMN     "certificateNotAfter" TIMESTAMPTZ(3),
ADD COLUMN     "certificateSubject" TEXT,
ADD COLUMN     "rotatedAt" TIMESTAMPTZ(3);
