"""Create the documents' bucket on the S3 endpoint, unless it is there already.

Reads the settings' own variables: AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL,
AWS_S3_REGION_NAME, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY."""

import os

import boto3


def s3_client():
    return boto3.client(
        "s3",
        endpoint_url=os.environ["AWS_S3_ENDPOINT_URL"],
        region_name=os.environ["AWS_S3_REGION_NAME"],
    )


if __name__ == "__main__":
    bucket = os.environ["AWS_STORAGE_BUCKET_NAME"]
    s3 = s3_client()
    if bucket not in {found["Name"] for found in s3.list_buckets().get("Buckets", [])}:
        s3.create_bucket(Bucket=bucket)
    print(f"S3 bucket {bucket}: ready at {os.environ['AWS_S3_ENDPOINT_URL']}")
